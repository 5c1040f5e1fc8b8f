"""Fuzzing every route, form field and query parameter of the app as each role: no 500, no slow answer.

The targets are discovered, not listed: every GET rule of `app.url_map` is opened as every role with real
ids, and every form, link with a query string and background-save field on those pages becomes a target
(its action, method and field names). Hypothesis then sends those requests with hostile values (huge and
Unicode numbers, exponents, NUL, formulas, line breaks, sparse table rows, malformed row actions, forged
ids in the URL) as a randomly chosen role. Bounded: a fixed number of examples, derandomised.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from werkzeug.exceptions import HTTPException

from building_blocks import get_content
from plans.documents import pdf as pdf_module
from plans.jobs import records
from plans.models import Assignment, JobKind, MailStatus, Membership, OutboxMessage
from plans.review import comments
from plans.writing import editing
from tests.conftest import rolled_back
from tests.factories import Factories
from webapp.extensions import limiter

EXAMPLES = 400
SLOW_SECONDS = 2.0
CONTENT = get_content()
B1 = CONTENT.section("b1")
SKIPPED = {"static", "auth.logout"}  # logging out ends the role's session for the rest of the run

NASTY = ["", " ", "0", "-1", "1", "²", "٣", "１２", "1e1000000", "1E5", "9" * 30, "9" * 5000, "1" + "0" * 4400,
         "99999999999999999999", "2147483648", "NaN", "inf", "-0", "1.250,5", "12,5%", "€ 1.000.000", "31-02-2026",
         "2026-13-01", "x" * 25_000, "a\x00b", "=HYPERLINK(\"https://kwaad.example\")", "+1", "@SUM(A1)",
         "Ĳsselland", "regel\r\nBcc: x@kwaad.example", "<script>alert(1)</script>", "{{ 7*7 }}", "../../etc/passwd",
         "remove_row:", "remove_row:x", "remove_row:a:b:c", "remove_row:b1_acties:99999999999", "add_row:",
         "add_row:b1_acties", "later", "continue", "theirs", "ja", "nee", "akkoord", "wijzigingen"]
ROW_INDEXES = ["50000", "²", "9" * 30, "-1", "007"]
INT_ARGS = [0, 2**31, 10**20, 10**30]


@dataclass
class Target:
    endpoint: str
    method: str
    fields: dict[str, list[str]] = field(default_factory=dict)  # name -> values seen on the pages
    args: list[dict] = field(default_factory=list)  # real URL arguments seen

    def add(self, name: str, value: str | None) -> None:
        values = self.fields.setdefault(name, [])
        if value is not None and value not in values and len(values) < 8:
            values.append(value)


def _world(factories, db_session):
    org = factories.organisation("Zorggroep Fuzz")
    other = factories.organisation("Zorggroep Elders", region="Zeeland")
    board = factories.member(org, "bestuurder")
    people = {
        "bestuurder": board,
        "redacteur": factories.member(org, "redacteur"),
        "beoordelaar": factories.assigned("beoordelaar", region=org.region),
        "coach": factories.assigned("coach", region=org.region),
        "beheerder": factories.admin(),
        "buitenstaander": factories.member(other, "bestuurder"),
    }
    spare = factories.member(org, "redacteur")  # the one admin and team actions may change
    plan = editing.create_plan(org, "Regioplan Fuzz", 2026, 2029, board)
    editing.save_values(plan, "b1", {"b1_inwoners": 1000, "b1_acties": [{"actie": "A", "eigenaar": "B"}]}, None, board)
    for n in range(25):  # more than one overview page, so its paging links are discovered too
        editing.create_plan(org, f"Regioplan Fuzz {n}", 2026, 2029, board)
    elsewhere = editing.create_plan(other, "Regioplan Elders", 2026, 2029, people["buitenstaander"])
    thread = comments.start_thread(plan, "b1", people["beoordelaar"], "Vraag")
    membership = db_session.query(Membership).filter_by(user_id=spare.id).one()
    assignment = db_session.query(Assignment).filter_by(user_id=people["coach"].id).one()
    zip_job, _new = records.find_or_create(JobKind.ZIP, "zip:fuzz", requested_by_id=people["coach"].id, total=1,
                                           payload={"plan_ids": [plan.id]})
    message = OutboxMessage(recipient="fuzz@example.nl", subject="Fuzz", body="Fuzz", status=MailStatus.FAILED.value)
    db_session.add(message)
    db_session.flush()
    ids = {"plan_id": [plan.id, elsewhere.id], "organisation_id": [org.id, other.id], "thread_id": [thread.id],
           "membership_id": [membership.id], "user_id": [spare.id], "region_id": [org.region_id],
           "assignment_id": [assignment.id], "job_id": [zip_job.id], "message_id": [message.id]}
    strings = {"slug": [B1.slug, CONTENT.sections[1].slug], "step_id": [p.id for p in B1.pages] + ["checklist",
               "volwassenheid"], "key": ["b1_inwoners", "b1_visie", "b1_acties"], "action": ["reactie", "afsluiten"],
               "token": ["geen-token"], "code": ["GEEN-CODE"]}
    return people, ids, strings


def _real_args(rule, ids, strings) -> list[dict]:
    """URL arguments for a rule with real ids (each id and string choice, a few combinations)."""
    combos = [{}]
    for name in sorted(rule.arguments):
        numeric = getattr(rule._converters.get(name), "num_convert", None) is int
        options = ids.get(name) or strings.get(name) or ([999_999] if numeric else ["x"])
        combos = [{**c, name: o} for c in combos for o in options][:4]
    return combos


def _discover(app, clients, ids, strings) -> dict[tuple[str, str], Target]:
    adapter = app.url_map.bind("localhost")
    targets: dict[tuple[str, str], Target] = {}

    def target_for(url: str, method: str) -> Target | None:
        parts = urlsplit(url)
        try:
            endpoint, args = adapter.match(parts.path, method=method)
        except HTTPException:
            return None
        if endpoint in SKIPPED:
            return None
        found = targets.setdefault((endpoint, method), Target(endpoint, method))
        if args not in found.args:
            found.args.append(args)
        for name, value in parse_qsl(parts.query, keep_blank_values=True):
            found.add(name, value)
        return found

    for rule in app.url_map.iter_rules():
        if rule.endpoint in SKIPPED:
            continue
        for method in sorted(rule.methods & {"GET", "POST"}):
            for args in _real_args(rule, ids, strings):
                found = targets.setdefault((rule.endpoint, method), Target(rule.endpoint, method))
                if args not in found.args:
                    found.args.append(args)
        if "GET" not in rule.methods:
            continue
        for args in _real_args(rule, ids, strings):
            url = adapter.build(rule.endpoint, args)
            for client in clients.values():
                response = client.get(url)
                if response.mimetype != "text/html":
                    continue
                html = BeautifulSoup(response.get_data(as_text=True), "html.parser")
                for form in html.select("form"):
                    method = (form.get("method") or "get").upper()
                    found = target_for(form.get("action") or url, method)
                    if found is None:
                        continue
                    for element in form.select("input[name], textarea[name], select[name], button[name]"):
                        if element.name == "select":
                            for option in element.select("option"):
                                found.add(element["name"], option.get("value", option.text))
                        else:
                            found.add(element["name"], element.get("value", element.text))
                for link in html.select("a[href*='?']"):
                    target_for(link["href"], "GET")
                for element in html.select("[data-autosave-url]"):
                    found = target_for(element["data-autosave-url"], "POST")
                    found.add("key", element["data-autosave"])
                    found.add("value", element.text)
                    found.add("base", "0")
    return targets


def _values(data, target: Target) -> dict[str, list[str]]:
    sent: dict[str, list[str]] = {}
    for name, seen in target.fields.items():
        if name == "csrf_token" or data.draw(st.integers(0, 9)) == 0:
            continue  # sometimes a field is left out altogether
        value = data.draw(st.one_of(
            st.sampled_from(seen or [""]),
            st.sampled_from(NASTY),
            st.from_regex(r"-?[0-9]{1,40}([.,][0-9]{1,5})?", fullmatch=True),
            st.text(st.characters(blacklist_categories=("Cs",)), max_size=40),
        ))
        key = name
        if "-0-" in name and data.draw(st.integers(0, 4)) == 0:
            key = name.replace("-0-", f"-{data.draw(st.sampled_from(ROW_INDEXES))}-", 1)
        sent.setdefault(key, []).append(value)
    return sent


def _args(data, target: Target) -> dict:
    args = dict(data.draw(st.sampled_from(target.args))) if target.args else {}
    if args and data.draw(st.integers(0, 3)) == 0:
        name = data.draw(st.sampled_from(sorted(args)))
        if isinstance(args[name], int):
            args[name] = data.draw(st.sampled_from(INT_ARGS))
        else:
            args[name] = data.draw(st.sampled_from(NASTY[:30]).filter(lambda v: v.strip() and "/" not in v))
    return args


def test_no_request_answers_500_or_slowly(app, monkeypatch):
    monkeypatch.setattr(pdf_module, "render_plan_pdf", lambda plan, options=None, **kw: b"%PDF-1.7 fuzz")
    monkeypatch.setattr(pdf_module, "html_to_pdf", lambda html, **options: b"%PDF-1.7 fuzz")
    with rolled_back(app) as db_session:
        monkeypatch.setattr(app, "instance_path", app.instance_path)
        limiter.reset()
        people, ids, strings = _world(Factories(db_session), db_session)
        clients = {"anoniem": app.test_client()}
        for role, user in people.items():
            client = app.test_client()
            assert client.post("/inloggen", data={"email": user.email, "password": Factories.PASSWORD}).status_code == 302
            clients[role] = client
        started = time.perf_counter()
        targets = _discover(app, clients, ids, strings)
        print(f"discovery {time.perf_counter() - started:.1f} s, {len(targets)} targets")
        assert {("plan_pages.edit_step", "POST"), ("plan_pages.autosave", "POST"), ("overview.index", "GET"),
                ("review.thread_action", "POST"), ("admin.edit_user", "POST")} <= set(targets)
        assert {"pagina", "zoek"} <= set(targets[("overview.index", "GET")].fields)
        adapter = app.url_map.bind("localhost")
        keys = sorted(targets)

        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck), phases=(Phase.generate, Phase.shrink))
        @given(st.data())
        def probe(data):
            target = targets[data.draw(st.sampled_from(keys))]
            role = data.draw(st.sampled_from(sorted(clients)))
            url = adapter.build(target.endpoint, _args(data, target))
            values = _values(data, target)
            started = time.perf_counter()
            try:
                if target.method == "GET":
                    response = clients[role].get(url, query_string=[(k, v) for k, vs in values.items() for v in vs])
                else:
                    response = clients[role].post(url, data=values)
            except Exception as exc:  # TESTING propagates what would have been a 500
                raise AssertionError(f"{target.method} {url} as {role} with {values!r:.500} raised {exc!r}") from exc
            elapsed = time.perf_counter() - started
            limiter.reset()
            assert response.status_code < 500, f"{target.method} {url} as {role}: {response.status_code}"
            assert elapsed < SLOW_SECONDS, f"{target.method} {url} as {role} took {elapsed:.1f} s"

        probe()


@pytest.mark.parametrize("text", NASTY)
def test_every_nasty_value_in_every_number_field_of_a_page(client, auth, factories, text):
    """The deterministic half: each hostile value in all number fields of the first page at once."""
    org = factories.organisation()
    user = factories.member(org, "bestuurder")
    plan = editing.create_plan(org, "Plan", 2026, 2029, user)
    auth.login(user)
    data = {f"q_{q.id}": text for q in B1.pages[0].questions if q.type in ("integer", "percentage", "euro", "year")}
    data.update({"q_b1_huisartsen-0-aantal": text, "q_b1_clientgroepen-0-aandeel_inwoners": text, "action": "later"})
    started = time.perf_counter()
    response = client.post(f"/plannen/{plan.id}/{B1.slug}/{B1.pages[0].id}", data=data)
    assert response.status_code in (200, 302, 400)
    assert time.perf_counter() - started < SLOW_SECONDS
