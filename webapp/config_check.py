"""What `flask --app wsgi check-config` (and gunicorn's start, gunicorn.conf.py) refuses in production."""
from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path


def web_workers(environ: Mapping[str, str]) -> int:
    """gunicorn's worker count as gunicorn.conf.py computes it."""
    value = environ.get("WEB_CONCURRENCY", "").strip()
    return int(value) if value.isdigit() and int(value) > 0 else (os.cpu_count() or 1) * 2 + 1


def problems(config: Mapping, environ: Mapping[str, str] = os.environ) -> list[str]:
    """Every reason not to start this configuration in production (empty outside production)."""
    if environ.get("REGIOPLAN_ENV", "production") != "production":
        return []
    found = []
    if not environ.get("SECRET_KEY"):
        found.append("SECRET_KEY ontbreekt: zet een lange willekeurige waarde in de omgeving (dezelfde op elke "
                     "machine), niet de in instance/ gegenereerde sleutel.")
    seal = config.get("SEAL_PKCS12_PATH")
    if not seal:
        found.append("SEAL_PKCS12_PATH ontbreekt: zonder eigen zegelcertificaat verzegelt de app met een "
                     "zelfondertekend certificaat dat niemand vertrouwt.")
    elif not Path(seal).is_file():
        found.append(f"SEAL_PKCS12_PATH {seal} bestaat niet.")
    workers = web_workers(environ)
    if str(config.get("RATELIMIT_STORAGE_URI", "memory://")).startswith("memory://") and workers > 1:
        found.append(f"RATELIMIT_STORAGE_URI is memory:// bij {workers} gunicorn-workers: elke worker telt "
                     "inlogpogingen apart. Gebruik redis://… (of WEB_CONCURRENCY=1).")
    if not config.get("MAIL_SERVER"):
        found.append("MAIL_SERVER ontbreekt: uitnodigingen en wachtwoordlinks zouden alleen in het log staan.")
    if (config.get("QUEUE_URL") or environ.get("QUEUE_URL", "")) == "memory://":
        found.append("QUEUE_URL memory:// voert taken uit in het webverzoek; gebruik redis://… of sqlite:///….")
    return found
