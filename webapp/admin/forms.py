import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, RadioField, SelectField, StringField
from wtforms.validators import ValidationError

from plans.models import AssignmentRole, Organisation, OrganisationKind, Region, User
from webapp.extensions import db
from webapp.forms.base import BaseForm, choices
from webapp.forms.validators import Email, Length, Required

KIND_CHOICES = [
    (OrganisationKind.ZORGGROEP.value, _l("Zorggroep")),
    (OrganisationKind.REGIO_ORGANISATIE.value, _l("Regio-organisatie huisartsen")),
    (OrganisationKind.HUISARTSENCOOPERATIE.value, _l("Huisartsencoöperatie")),
    (OrganisationKind.ANDERS.value, _l("Anders")),
]
ASSIGNMENT_ROLE_CHOICES = [
    (AssignmentRole.BEOORDELAAR.value, _l("Beoordelaar (LHV-kring): leest en beoordeelt plannen")),
    (AssignmentRole.COACH.value, _l("Coach: leest en downloadt plannen")),
]


def region_choices(blank: str | None = None):
    options = [(r.id, f"{r.name} ({r.code})") for r in db.session.scalars(sa.select(Region).order_by(Region.name))]
    return choices(([("", blank)] if blank else []) + options)


def organisation_choices(blank: str):
    orgs = db.session.scalars(sa.select(Organisation).order_by(Organisation.name))
    return choices([("", blank)] + [(o.id, o.name) for o in orgs])


def _int_or_none(value):
    return int(value) if value not in (None, "", "None") else None


class RegionForm(BaseForm):
    code = StringField(_l("Code"), validators=[Required(_l("de code")), Length(max=10, thing=_l("De code"))],
                       description=_l("De code van de zorgkantoorregio, bijvoorbeeld 5512."))
    name = StringField(_l("Naam"), validators=[Required(_l("de naam")), Length(max=120, thing=_l("De naam"))])


class OrganisationForm(BaseForm):
    name = StringField(_l("Naam"), validators=[Required(_l("de naam")), Length(max=200, thing=_l("De naam"))])
    kind = RadioField(_l("Soort organisatie"), choices=choices(KIND_CHOICES),
                      validators=[Required(_l("de soort organisatie"), verb="choose")])
    region_id = SelectField(_l("Zorgkantoorregio"), coerce=_int_or_none,
                            validators=[Required(_l("een regio"), verb="choose")])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.region_id.choices = region_choices(blank=_l("Kies een regio"))


class CreateUserForm(BaseForm):
    name = StringField(_l("Naam"), validators=[Required(_l("de naam")), Length(max=200, thing=_l("De naam"))])
    email = EmailField(_l("E-mailadres"), validators=[Required(_l("het e-mailadres")), Email()],
                       render_kw={"spellcheck": "false"})
    is_admin = BooleanField(_l("Beheerder: beheert regio's, organisaties, gebruikers en toewijzingen"))


class EditUserForm(BaseForm):
    name = StringField(_l("Naam"), validators=[Required(_l("de naam")), Length(max=200, thing=_l("De naam"))])
    is_admin = BooleanField(_l("Beheerder: beheert regio's, organisaties, gebruikers en toewijzingen"))
    active = BooleanField(_l("Actief: kan inloggen"),
                          description=_l("Een gedeactiveerd account wordt direct overal uitgelogd."))


class AssignmentForm(BaseForm):
    user_id = SelectField(_l("Persoon"), coerce=_int_or_none, validators=[Required(_l("een persoon"), verb="choose")])
    role = RadioField(_l("Rol"), choices=choices(ASSIGNMENT_ROLE_CHOICES), validators=[Required(_l("een rol"), verb="choose")])
    region_id = SelectField(_l("Regio"), coerce=_int_or_none,
                            description=_l("Voor een hele regio: alle organisaties in die regio."))
    organisation_id = SelectField(_l("Of één organisatie"), coerce=_int_or_none,
                                  description=_l("Alleen voor coaches die één organisatie begeleiden."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        users = db.session.scalars(sa.select(User).order_by(User.name, User.email))
        self.user_id.choices = choices([("", _l("Kies een persoon"))] + [(u.id, f"{u.display_name} ({u.email})") for u in users])
        self.region_id.choices = region_choices(blank=_l("Geen regio"))
        self.organisation_id.choices = organisation_choices(blank=_l("Geen organisatie"))

    def validate_region_id(self, field):
        if (field.data is None) == (self.organisation_id.data is None):
            raise ValidationError(_l("Kies een regio of een organisatie, niet allebei"))
