"""The base form every form inherits: strips whitespace and speaks Dutch."""
from flask_wtf import FlaskForm
from wtforms import FieldList, FormField, PasswordField, SelectChoice, StringField, TextAreaField

from webapp.forms.validators import SingleLine


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class BaseForm(FlaskForm):
    class Meta:
        locales = ("nl_NL", "nl")

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
        """(field id, message) pairs in field order, for the error summary."""
        items = []
        for field in self:
            for message in field.errors:
                items.append((field.id, message))
        return items


def choices(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choice objects."""
    return [SelectChoice(value, label) for value, label in pairs]
