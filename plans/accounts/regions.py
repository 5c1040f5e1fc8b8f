"""The Dutch zorgkantoorregio's, loaded as reference data.

Codes follow the zorgkantoor numbering (5501-5532) of the public zorgkantoor dataset; Nieuwe Waterweg
Noord (5522) is no longer a separate region and is part of Rotterdam, which leaves the 31 regions of
the current CBS division. Administrators can correct names and codes on the Beheer pages.
"""
import sqlalchemy as sa

from plans.db import db
from plans.models import Region

ZORGKANTOORREGIOS: tuple[tuple[str, str], ...] = (
    ("5501", "Groningen"),
    ("5502", "Friesland"),
    ("5503", "Drenthe"),
    ("5504", "Zwolle"),
    ("5505", "Twente"),
    ("5506", "Apeldoorn/Zutphen"),
    ("5507", "Arnhem"),
    ("5508", "Nijmegen"),
    ("5509", "Utrecht"),
    ("5510", "Flevoland"),
    ("5511", "'t Gooi"),
    ("5512", "Noord-Holland Noord"),
    ("5513", "Kennemerland"),
    ("5514", "Zaanstreek/Waterland"),
    ("5515", "Amsterdam"),
    ("5516", "Amstelland en De Meerlanden"),
    ("5517", "Zuid-Holland Noord"),
    ("5518", "Haaglanden"),
    ("5519", "Delft Westland Oostland"),
    ("5520", "Midden-Holland"),
    ("5521", "Rotterdam"),
    ("5523", "Zuid-Hollandse Eilanden"),
    ("5524", "Waardenland"),
    ("5525", "Zeeland"),
    ("5526", "West-Brabant"),
    ("5527", "Midden-Brabant"),
    ("5528", "Noordoost-Brabant"),
    ("5529", "Zuidoost-Brabant"),
    ("5530", "Noord- en Midden-Limburg"),
    ("5531", "Zuid-Limburg"),
    ("5532", "Midden-IJssel"),
)


def ensure_regions() -> int:
    """Add the zorgkantoorregio's that are missing (by code); returns how many were added."""
    known = set(db.session.scalars(sa.select(Region.code)))
    missing = [Region(code=code, name=name) for code, name in ZORGKANTOORREGIOS if code not in known]
    db.session.add_all(missing)
    db.session.flush()
    return len(missing)


def region_by_name(name: str) -> Region:
    return db.session.scalar(sa.select(Region).where(Region.name == name))
