"""The organisation's logo on the PDF cover: only a small, well-formed PNG or an SVG without scripts or outside
references is kept. WeasyPrint gets it only through the PDF's safe fetcher."""
from __future__ import annotations

import hashlib
import io
import xml.etree.ElementTree as ET

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from PIL import Image, UnidentifiedImageError

from plans.db import db
from plans.models import Organisation, OrganisationLogo

MAX_BYTES = 200 * 1024
MAX_PIXELS = 2000
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
SVG = "{http://www.w3.org/2000/svg}"
FORBIDDEN_ELEMENTS = {"script", "foreignObject", "iframe", "object", "embed", "audio", "video"}


class LogoError(ValueError):
    """Why a file is not accepted as a logo; the message is shown to the user."""


def validated_type(data: bytes) -> str:
    """The content type of an acceptable logo, or LogoError."""
    if not data:
        raise LogoError(_l("Het bestand is leeg."))
    if len(data) > MAX_BYTES:
        raise LogoError(_l("Het logo is groter dan 200 kB. Kies een kleiner bestand."))
    if data.startswith(PNG_MAGIC):
        _check_png(data)
        return "image/png"
    if b"<svg" in data[:4096]:
        _check_svg(data)
        return "image/svg+xml"
    raise LogoError(_l("Kies een PNG- of SVG-bestand."))


def _check_png(data: bytes) -> None:
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
            width, height = image.size
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise LogoError(_l("Dit PNG-bestand is beschadigd of geen afbeelding.")) from exc
    if width > MAX_PIXELS or height > MAX_PIXELS:
        raise LogoError(_l("Het logo is groter dan 2000 × 2000 pixels. Verklein het eerst."))


def _check_svg(data: bytes) -> None:
    head = data[:4096].lower()
    if b"<!doctype" in head or b"<!entity" in data.lower():
        raise LogoError(_l("Dit SVG-bestand bevat een DOCTYPE of entiteiten; sla het op als gewone SVG."))
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise LogoError(_l("Dit SVG-bestand is geen geldige SVG.")) from exc
    if root.tag != f"{SVG}svg":
        raise LogoError(_l("Dit SVG-bestand is geen geldige SVG."))
    for element in root.iter():
        name = element.tag.split("}")[-1]
        if name in FORBIDDEN_ELEMENTS:
            raise LogoError(_l("Een logo mag geen scripts of ingesloten inhoud bevatten."))
        for attribute, value in element.attrib.items():
            local = attribute.split("}")[-1].lower()
            if local.startswith("on"):
                raise LogoError(_l("Een logo mag geen scripts of ingesloten inhoud bevatten."))
            if local == "href" and not value.startswith("#"):
                raise LogoError(_l("Een logo mag niet naar andere bestanden of websites verwijzen."))
            if "url(" in value.replace(" ", "") and "url(#" not in value.replace(" ", ""):
                raise LogoError(_l("Een logo mag niet naar andere bestanden of websites verwijzen."))
        if name == "style" and ("@import" in (element.text or "") or "url(" in (element.text or "")):
            raise LogoError(_l("Een logo mag niet naar andere bestanden of websites verwijzen."))


def logo_of(organisation: Organisation) -> OrganisationLogo | None:
    return db.session.get(OrganisationLogo, organisation.id)


def set_logo(organisation: Organisation, data: bytes) -> OrganisationLogo:
    content_type = validated_type(data)
    logo = logo_of(organisation) or OrganisationLogo(organisation_id=organisation.id)
    logo.content_type, logo.data, logo.sha256 = content_type, data, hashlib.sha256(data).hexdigest()
    db.session.add(logo)
    db.session.flush()
    return logo


def remove_logo(organisation: Organisation) -> None:
    db.session.execute(sa.delete(OrganisationLogo).where(OrganisationLogo.organisation_id == organisation.id))
    db.session.flush()
