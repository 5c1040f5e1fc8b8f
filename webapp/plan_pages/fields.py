"""WTForms fields that read Dutch input ("1.250.000", "12,5", "31-12-2026") and keep what was typed."""
from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

from babel import numbers
from flask_babel import format_decimal, get_locale
from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectMultipleField, StringField
from wtforms.widgets import CheckboxInput, ListWidget

# A number is at most 15 significant digits: exact as a float and in JSON, within every database type, and
# cheap to convert. Longer input is refused before any conversion (int("1e1000000") costs a minute of CPU).
MAX_DIGITS = 15
MAX_INPUT_LENGTH = 40
MAX_NUMBER = 10**MAX_DIGITS - 1
_PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def parse_number(text: str, *, whole: bool) -> int | float:
    """Parse a Dutch or plain number of at most 15 digits, without exponent; raises ValueError."""
    if len(text) > MAX_INPUT_LENGTH:
        raise ValueError(text)
    cleaned = re.sub(r"[€%\s]", "", text)
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")  # 1.250,50 -> 1250.50
    elif re.fullmatch(r"-?[0-9]{1,3}(\.[0-9]{3})+", cleaned):
        cleaned = cleaned.replace(".", "")  # 1.250.000 -> 1250000
    if not _PLAIN_NUMBER.fullmatch(cleaned):  # ASCII digits only: no exponent, no "²", no "NaN"
        raise ValueError(text)
    whole_part, _, fraction = cleaned.lstrip("-").partition(".")
    if len(whole_part.lstrip("0")) + len(fraction.rstrip("0")) > MAX_DIGITS:
        raise TooLong(text)
    number = Decimal(cleaned)
    if whole:
        if number != number.to_integral_value():
            raise ValueError(text)
        return int(number)
    return int(number) if number == number.to_integral_value() else float(number)


NUMBER_FORMAT = "#,##0.##"
_NUMBER_PATTERN = numbers.parse_pattern(NUMBER_FORMAT)  # Babel parses the pattern again on every call


def format_number(value, *, whole: bool) -> str:
    """A number as its field shows it: 1.250.000 and 12,5 in Dutch; a whole number (a year) as it is.

    What Flask-Babel's `format_decimal(value, format=NUMBER_FORMAT)` writes (tests/webapp/test_question_html.py
    compares them), without parsing the pattern each time; an int is grouped without Babel's Decimal rounding."""
    if whole:
        return str(value)
    locale = get_locale()
    if locale is None:
        return format_decimal(value, format=NUMBER_FORMAT)
    if type(value) is int:
        symbols = locale.number_symbols["latn"]
        text = f"{abs(value):,}".replace(",", symbols["group"])
        return symbols["minusSign"] + text if value < 0 else text
    return _NUMBER_PATTERN.apply(value, locale)


class TooLong(ValueError):
    """More digits than a number may have."""


def parse_date(text: str) -> str:
    """A date as ISO text from "2026-12-31" or "31-12-2026"; raises ValueError."""
    for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(text.strip(), fmt).date().isoformat()
        except ValueError:
            continue
    raise ValueError(text)


class _KeepsRawInput(StringField):
    """Shows exactly what was typed when it could not be read."""

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return self.format(self.data) if self.data is not None else ""

    def format(self, value) -> str:
        return str(value)


class NumberField(_KeepsRawInput):
    def __init__(self, *args, whole: bool = False, message=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.whole = whole
        self.message = message or (_l("Vul een heel getal in, zoals 1250") if whole
                                   else _l("Vul een getal in, zoals 12,5"))

    def process_formdata(self, valuelist):
        self.data = None
        if valuelist and valuelist[0].strip():
            try:
                self.data = parse_number(valuelist[0], whole=self.whole)
            except TooLong:
                raise ValueError(_l("Een getal mag hoogstens %(n)d cijfers hebben", n=MAX_DIGITS)) from None
            except ValueError:
                raise ValueError(self.message) from None

    def format(self, value) -> str:
        return format_number(value, whole=self.whole)


class DateField(_KeepsRawInput):
    def process_formdata(self, valuelist):
        self.data = None
        if valuelist and valuelist[0].strip():
            try:
                self.data = parse_date(valuelist[0])
            except ValueError:
                raise ValueError(_l("Vul een geldige datum in, zoals 31-12-2026")) from None

    def format(self, value) -> str:
        return value.isoformat() if isinstance(value, date) else str(value)


class MultiCheckboxField(SelectMultipleField):
    """Checkboxes; choices are checked in the page form so a stale option is a clear error."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form):
        pass


class StrictRadioField(RadioField):
    """Radio buttons whose posted value must be one of the choices, so code reading `data` (int() of a
    level) never sees a forged value: anything else is an error and leaves no data."""

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if self.data == "":
            self.data = None
        if self.data is not None and self.data not in {str(choice.value) for choice in self.iter_choices()}:
            self.data = None
            raise ValueError(_l("Kies een van de mogelijkheden"))
