"""Reading a figures file (format: docs/region-figures.md): every row checked, every problem named by line."""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from plans.regionfigures.vocabulary import FIGURES
from plans.vocabulary import AreaKind

COLUMNS = ("gebied_soort", "gebied_code", "gebied_naam", "kengetal", "waarde", "jaar", "bron", "peildatum")
NUMBER = re.compile(r"^-?\d+(,\d+)?$")
GEMEENTE_CODE = re.compile(r"^GM\d{4}$")


class FigureFileError(Exception):
    """A refused file: `problems` lists one Dutch message per bad row (with its line number)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class FigureRow:
    line: int
    area_kind: str
    area_code: str
    area_name: str
    figure: str
    year: int  # 0: not a prognosis
    value: Decimal
    source: str
    peildatum: date

    @property
    def key(self) -> tuple:
        return self.area_kind, self.area_code, self.figure, self.year, self.peildatum


def read_rows(raw: bytes, region_codes: set[str]) -> list[FigureRow]:
    """All rows of the file, or FigureFileError with every problem; `region_codes` are the known zorgkantoorregio's."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FigureFileError(["Het bestand is geen UTF-8-tekst. Sla het op als ‘CSV UTF-8’."]) from exc
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    header = next(reader, None)
    if header is None or [h.strip().lower() for h in header] != list(COLUMNS):
        raise FigureFileError([f"Regel 1: de kopregel moet precies zijn: {';'.join(COLUMNS)}."])
    rows, problems, seen = [], [], {}
    for cells in reader:
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        try:
            row = _row(line, cells, region_codes)
        except ValueError as exc:
            problems.append(f"Regel {line}: {exc}")
            continue
        if row.key in seen:
            problems.append(f"Regel {line}: dit kengetal staat al op regel {seen[row.key]} (zelfde gebied, kengetal, "
                            f"jaar en peildatum).")
            continue
        seen[row.key] = line
        rows.append(row)
    if problems:
        raise FigureFileError(problems)
    if not rows:
        raise FigureFileError(["Het bestand bevat geen kengetallen, alleen een kopregel."])
    return rows


def _row(line: int, cells: list[str], region_codes: set[str]) -> FigureRow:
    if len(cells) != len(COLUMNS):
        raise ValueError(f"verwacht {len(COLUMNS)} kolommen gescheiden door een puntkomma, gevonden {len(cells)}.")
    kind, code, name, figure, value, year, source, peildatum = (c.strip() for c in cells)
    if kind not in set(AreaKind):
        raise ValueError(f"gebied_soort ‘{kind}’ bestaat niet; kies zorgkantoorregio of gemeente.")
    if kind == AreaKind.ZORGKANTOORREGIO and code not in region_codes:
        raise ValueError(f"zorgkantoorregio met code ‘{code}’ bestaat niet (codes 5501 tot en met 5532, zie Beheer > "
                         f"Regio's).")
    if kind == AreaKind.GEMEENTE and not GEMEENTE_CODE.match(code):
        raise ValueError(f"gemeentecode ‘{code}’ is ongeldig; gebruik de CBS-code, bijvoorbeeld GM0361.")
    if not name or len(name) > 120:
        raise ValueError("vul gebied_naam in (hoogstens 120 tekens).")
    kind_of = FIGURES.get(figure)
    if kind_of is None:
        raise ValueError(f"kengetal ‘{figure}’ bestaat niet; kies uit {', '.join(FIGURES)}.")
    number = _value(value, kind_of)
    forecast_year = _year(year, kind_of)
    if not source or len(source) > 300:
        raise ValueError("vul de bron in (hoogstens 300 tekens): zonder bron wordt een kengetal niet geladen.")
    return FigureRow(line, kind, code, name, figure, forecast_year, number, source, _date(peildatum))


def _value(text: str, kind) -> Decimal:
    if not NUMBER.match(text):
        raise ValueError(f"waarde ‘{text}’ is geen getal. Gebruik cijfers met hoogstens een komma als "
                         f"decimaalteken, zonder punten of spaties.")
    number = Decimal(text.replace(",", "."))
    if number < 0:
        raise ValueError(f"waarde {text} is negatief.")
    if kind.whole and number != number.to_integral_value():
        raise ValueError(f"waarde {text} moet een geheel getal zijn voor {kind.key}.")
    if kind.percentage and number > 100:
        raise ValueError(f"waarde {text} is een percentage en mag niet boven 100 liggen.")
    if number >= Decimal("10") ** 10 or number.as_tuple().exponent < -4:
        raise ValueError(f"waarde {text} is te groot of heeft meer dan vier decimalen.")
    return number


def _year(text: str, kind) -> int:
    if not kind.forecast:
        if text:
            raise ValueError(f"laat jaar leeg: {kind.key} is geen prognose.")
        return 0
    if not (text.isdigit() and 2000 <= int(text) <= 2100):
        raise ValueError(f"vul bij een prognose het jaar in waar die over gaat (2000 tot en met 2100), niet ‘{text}’.")
    return int(text)


def _date(text: str) -> date:
    for pattern in ("%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"peildatum ‘{text}’ is geen datum; schrijf 2024-01-01 of 01-01-2024.")

