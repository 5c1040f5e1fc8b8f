"""The base form every form inherits: strips whitespace and speaks Dutch."""
from flask_babel.speaklater import LazyString
from flask_wtf import FlaskForm
from wtforms import FieldList, FormField, PasswordField, SelectChoice, StringField, TextAreaField
from wtforms.meta import DefaultMeta
from wtforms.widgets import ListWidget

from webapp.forms.validators import SingleLine


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def messages(errors) -> list:
    """A field's own messages: a FieldList's errors also hold one dict per entry, and a lazily translated
    message is a LazyString, not a str (a test for str alone hid every parse error of a field)."""
    return [m for m in errors or () if isinstance(m, (str, LazyString))]


def named(name, message) -> str:
    """A summary message that names its field, as the NL Design System asks: "Eerste jaar: vul een jaartal in"."""
    name, message = str(name or "").strip(), str(message)
    if not name:
        return message
    if name.endswith(("?", ".", "!")):  # a question as label: "Hoeveel inwoners …? Vul een heel getal in"
        return f"{name} {message}"
    return f"{name}: {message[:1].lower()}{message[1:]}"


class BaseForm(FlaskForm):
    class Meta:
        locales = ("nl_NL", "nl")

        def get_translations(self, form):
            # WTForms' own messages in Dutch (`locales`), the catalogue read once per process: Flask-WTF's
            # translations read it from disk again for every request that builds a form.
            return DefaultMeta.get_translations(self, form)

        def bind_field(self, form, unbound_field, options):
            # Passwords keep their spaces; FieldLists and FormFields strip inside their entries.
            cls = unbound_field.field_class
            if cls not in (PasswordField, FieldList, FormField):
                options["filters"] = (*options.get("filters", ()), _strip)
            field = unbound_field.bind(form=form, **options)
            # One-line text never holds control characters (a CRLF in a name would add lines to a mail).
            if issubclass(cls, StringField) and not issubclass(cls, (TextAreaField, PasswordField)):
                field.validators = [*field.validators, SingleLine()]
            return field

    @property
    def error_list(self) -> list[tuple[str, str]]:
        """(field id, message naming the field) pairs in field order, for the error summary and the title.

        Read from the fields, not from `form.errors`: checks that run after validate() (a table row's dates)
        set a subfield's errors, which a FieldList's own `errors` does not list.
        """
        return [(field_id, named(name, message)) for field_id, name, message in self.field_messages()]

    def field_messages(self):
        """(id the summary links to, field name, message) for every message of every field."""
        for field in self:
            yield from ((link_target(field), field.label.text, m) for m in messages(field.errors))


def link_target(field) -> str:
    """The id a summary link goes to: a group of radios or checkboxes has none, its first option has."""
    return f"{field.id}-0" if isinstance(field.widget, ListWidget) else field.id


def choices(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choice objects."""
    return [SelectChoice(value, label) for value, label in pairs]
