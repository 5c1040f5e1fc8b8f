"""What the sign-off page of a signed PDF shows; shared by the renderer and the seal."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from plans.models import Signature


@dataclass(frozen=True)
class SignOff:
    """What the sign-off page of a signed PDF shows."""

    signatures: list[Signature]
    reviewers: list[tuple[str, datetime]]
    code: str
    url: str
    qr: str
