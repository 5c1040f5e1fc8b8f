"""The overview's rows written in Python (webapp/overview/rows_html.py) are, byte for byte, what the template's loop
wrote: for every status, moments around the changes of summer time and the year, odd and hostile names; text is
escaped, and the prepared parts follow the locale."""
from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

from building_blocks import VERSIONS, get_content
from plans.vocabulary import PlanStatus
from webapp.overview import rows_html
from webapp.overview.profile_html import mini_profile

# The loop as it was in templates/overview/index.html before the rows moved to Python: the oracle.
BEFORE = Path(__file__).with_name("overview_rows_before.html").read_text(encoding="utf-8")
HOSTILE = '<script>alert("x")</script> & \'co\''
CONTENT = get_content()
MOMENTS = [datetime(2026, 3, 29, 0, 59), datetime(2026, 3, 29, 1, 0), datetime(2026, 10, 25, 0, 59),
           datetime(2026, 10, 25, 1, 0), datetime(2026, 12, 31, 23, 30), datetime(2027, 1, 1, 0, 5),
           datetime(2026, 6, 1, 9, 7, 5, 123456), datetime(999, 5, 4, 3, 2)]


def _rows(names: list[str], statuses: list[str]):
    rows = []
    for n, (name, moment) in enumerate(zip(names * len(MOMENTS), MOMENTS, strict=False)):
        region = SimpleNamespace(name=f"{name} regio")
        content = get_content(VERSIONS[n % len(VERSIONS)])  # plans of every content version on one page
        plan = SimpleNamespace(id=n + 1, organisation=SimpleNamespace(name=name, region=region), title=f"{name} plan",
                               version_number=n % 3 + 1, period=f"{2026 + n}–{2029 + n}",
                               status=statuses[n % len(statuses)], updated_at=moment + timedelta(minutes=n),
                               content_version=content.version)
        levels = [SimpleNamespace(section=s, current=(n + i) % 6 or None, target=(n + i) % 5 + 1)
                  for i, s in enumerate(content.sections)]
        rows.append(SimpleNamespace(plan=plan, levels=levels, done=n % 10))
    return rows


def _both(app, rows) -> tuple[str, str]:
    old = app.jinja_env.from_string(BEFORE).module.rows(rows, CONTENT, mini_profile)
    return str(old), str(rows_html.overview_rows(rows, len(CONTENT.sections)))


def test_the_rows_are_the_markup_the_loop_wrote(app):
    statuses = [s.value for s in PlanStatus] + ["onbekend"]
    with app.test_request_context():
        for names in (["Zorggroep Alfa"], [HOSTILE], ["Ééntje & Co", "Zorggroep \"Beta\""]):
            old, new = _both(app, _rows(names, statuses))
            assert new == old
            assert _both(app, _rows(names, statuses))[1] == old  # again, from the kept parts
        assert str(rows_html.overview_rows([], len(CONTENT.sections))) == ""
    assert "<script>" not in new


def test_the_page_is_what_the_template_wrote(client, app, factories, db_session):
    """The whole overview page, rows and all, is the page the old template wrote for the same plans."""
    from plans.writing import editing
    from tests.webapp.test_overview import login

    region = factories.region("Zeeland")
    for name in ("Alfa", HOSTILE):
        plan = editing.create_plan(factories.organisation(f"Zorggroep {name}", region=region), f"Plan {name}",
                                   2026, 2029, None)
        editing.save_values(plan, "b1", {"b1.niveau": {"current": 3, "target": 4}}, None, None)
    coach = factories.assigned("coach", region=region)
    login(client, coach)
    client.get("/overzicht/")  # the notice of the login shows once
    new = client.get("/overzicht/").get_data(as_text=True)
    template = Path(app.root_path).parent / "templates" / "overview" / "index.html"
    old_template = template.read_text(encoding="utf-8").replace(
        "    {{ overview_rows(rows, content.sections|length) }}",
        "    " + BEFORE.split("-%}\n", 2)[1].rsplit("\n{%- endmacro", 1)[0])
    assert old_template != template.read_text(encoding="utf-8")
    app.jinja_env.cache.clear()
    loader = app.jinja_loader
    try:
        from jinja2 import ChoiceLoader, DictLoader

        app.jinja_loader = ChoiceLoader([DictLoader({"overview/index.html": old_template}), loader])
        app.jinja_env.loader = app.jinja_loader
        app.jinja_env.globals["mini_profile"] = mini_profile
        old = client.get("/overzicht/").get_data(as_text=True)
    finally:
        app.jinja_loader = loader
        app.jinja_env.loader = loader
        del app.jinja_env.globals["mini_profile"]
        app.jinja_env.cache.clear()
    assert "Zorggroep Alfa" in new and "&lt;script&gt;" in new
    assert _request_free(new) == _request_free(old)


def _request_free(html: str) -> str:
    """The page without what differs from request to request (CSRF tokens, CSP nonces)."""
    return re.sub(r'(value|nonce|content)="[A-Za-z0-9_\-.=+/]{20,}"', r'\1="…"', html)


def test_the_prepared_parts_follow_the_locale(app, monkeypatch):
    from babel import Locale

    rows = _rows(["Zorggroep Alfa"], [PlanStatus.CONCEPT.value])[:1]
    english = {"Selecteer %(org)s, versie %(n)d": "Select %(org)s, version %(n)d", "versie %(n)d": "version %(n)d",
               "%(done)d van %(total)d klaar": "%(done)d of %(total)d done"}
    with app.test_request_context():
        dutch = str(rows_html.overview_rows(rows, 9))
        monkeypatch.setattr(rows_html, "get_locale", lambda: Locale.parse("en"))
        monkeypatch.setattr(rows_html, "_", lambda text: english[text])
        translated = str(rows_html.overview_rows(rows, 9))
    assert "versie 1 · 0 van 9 klaar" in dutch and "29 maart 2026" in dutch
    assert "version 1 · 0 of 9 done" in translated and "29 March 2026" in translated
    assert 'aria-label="Select Zorggroep Alfa, version 1"' in translated
