"""The rules of strict versions (2026.2 on): sources, meaning ids, `shows` and the migration table.

Each test breaks one rule on purpose and sees `load_content` (and so `python -m building_blocks check`) fail.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from building_blocks import ContentError, load_content
from building_blocks.__main__ import main

from .conftest import dump, minimal_section, section_file_name

SECTION_FILE = "sections/01-opstellen-regioplan.yaml"
SOURCES = {
    "S1": {"title": "Bron een", "url": "https://example.org/1", "publisher": "Uitgever", "year": 2020,
           "checked": "2026-12-01"},
    "S2": {"title": "Bron twee", "publisher": "Uitgever", "year": 2024, "checked": "2026-12-01"},
}
GLOSSARY = [{"term": "Regioplan", "definition": "Een plan voor de regio.", "sources": ["S2"]}]


def strict_section(sid: str = "b1", slug: str = "opstellen-regioplan") -> dict[str, Any]:
    section = minimal_section(sid, slug)
    for page in section["pages"]:
        for question in page["questions"]:
            question["sources"] = ["S1"]
    for level in section["levels"]:
        level.update(evidence="Een besluit.", sources=["S1"])
    return section


def write_version(folder: Path, sections: list[dict], sources: dict | None = None, glossary: list | None = None,
                  rules: str | None = "strict", migration: dict | None = None) -> Path:
    (folder / "sections").mkdir(parents=True)
    (folder / "sources.yaml").write_text(dump(SOURCES if sources is None else sources), encoding="utf-8")
    (folder / "glossary.yaml").write_text(dump(GLOSSARY if glossary is None else glossary), encoding="utf-8")
    for section in sections:
        (folder / "sections" / section_file_name(section)).write_text(dump(section), encoding="utf-8")
    if rules is not None:
        (folder / "version.yaml").write_text(dump({"rules": rules}), encoding="utf-8")
    if migration is not None:
        (folder / "migration.yaml").write_text(dump(migration), encoding="utf-8")
    return folder


@pytest.fixture
def strict(tmp_path: Path) -> Callable[..., Path]:
    """A strict version folder; `mutate(sections, sources)` may break it before it is written."""

    def build(mutate: Callable[[list[dict], dict], Any] | None = None, sections: list[dict] | None = None) -> Path:
        sections = copy.deepcopy(sections) if sections is not None else [strict_section()]
        sources = copy.deepcopy(SOURCES)
        if mutate is not None:
            mutate(sections, sources)
        return write_version(tmp_path / "2099.2", sections, sources)

    return build


def errors(folder: Path) -> list[str]:
    with pytest.raises(ContentError) as exc:
        load_content(folder)
    return exc.value.messages


def q(sections: list[dict], page: int = 0, index: int = 0, section: int = 0) -> dict:
    return sections[section]["pages"][page]["questions"][index]


def test_strict_minimal_content_is_valid(strict):
    content = load_content(strict())
    assert content.rules == "strict"


def test_without_version_file_the_basic_rules_apply(tmp_path):
    section = minimal_section()
    section["pages"][0]["questions"][0].pop("sources", None)
    folder = write_version(tmp_path / "2099.2", [section], rules=None,
                           sources={**SOURCES, "S3": {"title": "Ongebruikt"}})
    assert load_content(folder).rules == "basic"


STRICT_CASES = [
    ("uncited-question", lambda secs, src: q(secs).pop("sources"),
     f"{SECTION_FILE}:", "pages[0].questions[0].sources: question 'b1_keuze' cites no source"),
    ("uncited-action-plan", lambda secs, src: q(secs, 1).pop("sources"),
     f"{SECTION_FILE}:", "pages[1].questions[0].sources: question 'b1_acties' cites no source"),
    ("uncited-checklist-item", lambda secs, src: secs[0]["checklist"][2].pop("sources"),
     f"{SECTION_FILE}:", "checklist[2].sources: checklist item 'b1_c3' cites no source"),
    ("uncited-level", lambda secs, src: secs[0]["levels"][3].pop("sources"),
     f"{SECTION_FILE}:", "levels[3].sources: level 4 cites no source"),
    ("level-without-evidence", lambda secs, src: secs[0]["levels"][0].pop("evidence"),
     f"{SECTION_FILE}:", "levels[0].evidence: level 1 states no 'evidence'"),
    ("source-without-year", lambda secs, src: src["S1"].pop("year"),
     "sources.yaml:", "S1: source 'S1' has no year"),
    ("source-without-checked", lambda secs, src: src["S1"].pop("checked"),
     "sources.yaml:", "S1: source 'S1' has no 'checked' date (laatst gecontroleerd)"),
    ("source-without-publisher", lambda secs, src: src["S2"].pop("publisher"),
     "sources.yaml:", "S2: source 'S2' has no publisher"),
    ("unused-source", lambda secs, src: src.update(S9={**src["S1"], "title": "Niemand citeert mij"}),
     "sources.yaml:", "S9: source 'S9' is not cited anywhere"),
]


@pytest.mark.parametrize(("mutate", "file", "expected"), [c[1:] for c in STRICT_CASES],
                         ids=[c[0] for c in STRICT_CASES])
def test_strict_rule_broken(strict, mutate, file, expected):
    messages = errors(strict(mutate))
    assert len(messages) == 1, "\n".join(messages)
    assert messages[0].startswith(file) and expected in messages[0], messages[0]


def test_own_proposal_replaces_a_source(strict):
    def mark(secs, src):
        q(secs).pop("sources")
        q(secs)["own_proposal"] = True
        secs[0]["checklist"][0].pop("sources")
        secs[0]["checklist"][0]["own_proposal"] = True
        secs[0]["levels"][0].pop("sources")
        secs[0]["levels"][0]["own_proposal"] = True

    assert load_content(strict(mark)).section("b1").question("b1_keuze").own_proposal


def test_check_command_fails_on_uncited_item(strict, capsys):
    folder = strict(lambda secs, src: secs[0]["checklist"][0].pop("sources"))
    assert main(["check", "--path", str(folder)]) == 1
    assert "checklist item 'b1_c1' cites no source" in capsys.readouterr().err


# --- meaning ids and shows --------------------------------------------------------------------------

def two_sections() -> list[dict]:
    return [strict_section(), strict_section("b2", "automatisering-en-informatisering")]


def test_two_questions_with_one_meaning_fail(strict):
    def same_meaning(secs, src):
        q(secs)["meaning"] = "aanspreekpunt"
        q(secs, section=1)["meaning"] = "aanspreekpunt"

    messages = errors(strict(same_meaning, sections=two_sections()))
    assert len(messages) == 1, messages
    assert messages[0].startswith("sections/02-automatisering-en-informatisering.yaml:")
    assert "pages[0].questions[0].meaning: duplicate meaning 'aanspreekpunt' (first used in " \
           f"{SECTION_FILE}" in messages[0]


def test_one_meaning_per_question_is_valid_and_shows_reads_it_elsewhere(strict):
    def shows(secs, src):
        q(secs)["meaning"] = "aanspreekpunt"
        secs[1]["pages"][0]["shows"] = ["b1_keuze"]
        secs[1]["checklist"][0]["evidenced_by"] = ["b1_keuze"]  # a shown answer may be evidence

    content = load_content(strict(shows, sections=two_sections()))
    assert content.section("b2").shown == ("b1_keuze",)
    assert content.find_question("b1_keuze")[0].id == "b1"


@pytest.mark.parametrize(("target", "expected"), [
    ("b1_nergens", "pages[0].shows[0]: unknown question 'b1_nergens'"),
    ("b2_keuze", "pages[0].shows[0]: question 'b2_keuze' is asked on this page"),
    ("b1_acties", "pages[0].shows[0]: question 'b1_acties' is an action plan"),
])
def test_shows_must_name_a_question_asked_elsewhere(strict, target, expected):
    folder = strict(lambda secs, src: secs[1]["pages"][0].update(shows=[target]), sections=two_sections())
    messages = errors(folder)
    assert len(messages) == 1 and expected in messages[0], messages


def test_evidence_from_a_question_not_shown_fails(strict):
    folder = strict(lambda secs, src: secs[1]["checklist"][0].update(evidenced_by=["b1_keuze"]),
                    sections=two_sections())
    assert any("checklist[0].evidenced_by[0]: unknown question 'b1_keuze'" in m for m in errors(folder))


# --- the migration table ----------------------------------------------------------------------------

def full_migration() -> dict:
    old = minimal_section()
    return {
        "from": "2099.1",
        "questions": {qq["id"]: {"kind": "kept"} for p in old["pages"] for qq in p["questions"]},
        "checklist": {item["id"]: {"kind": "kept"} for item in old["checklist"]},
        "levels": {"b1": {"kind": "kept"}},
    }


@pytest.fixture
def migrating(tmp_path: Path) -> Callable[..., Path]:
    """An old basic version 2099.1 and a strict 2099.2 with a migration table `change(table)` may break."""

    def build(change: Callable[[dict], Any] | None = None, new: Callable[[dict], Any] | None = None) -> Path:
        write_version(tmp_path / "2099.1", [minimal_section()], rules=None,
                      sources={"S1": SOURCES["S1"]}, glossary=[])
        table = full_migration()
        if change is not None:
            change(table)
        section = strict_section()
        if new is not None:
            new(section)
        return write_version(tmp_path / "2099.2", [section], migration=table)

    return build


def test_complete_migration_is_valid(migrating):
    content = load_content(migrating())
    assert content.migration is not None and content.migration.from_version == "2099.1"
    assert content.migration.questions["b1_keuze"].kind == "kept"


def test_renamed_split_merged_and_removed_are_valid(migrating):
    def rename(section):
        section["pages"][0]["questions"][0]["id"] = "b1_keuze_nieuw"
        for item in section["checklist"]:
            item["evidenced_by"] = ["b1_keuze_nieuw"]
        section["pages"][0]["questions"][2]["show_if"]["question"] = "b1_keuze_nieuw"

    def table(t):
        t["questions"]["b1_keuze"] = {"kind": "renamed", "to": ["b1_keuze_nieuw"]}
        t["questions"]["b1_tekst"] = {"kind": "merged", "to": ["b1_tekst"]}
        t["questions"]["b1_tabel"] = {"kind": "split", "to": ["b1_tabel", "b1_getal"]}
        t["questions"]["b1_getal"] = {"kind": "removed", "reason": "Niemand had dit cijfer."}

    assert load_content(migrating(table, rename)).migration.questions["b1_getal"].reason


@pytest.mark.parametrize(("change", "expected"), [
    (lambda t: t["questions"].pop("b1_getal"),
     "migration.yaml:2: questions: 2099.1 question 'b1_getal' is not mapped"),
    (lambda t: t["checklist"].pop("b1_c4"), "checklist: 2099.1 checklist item 'b1_c4' is not mapped"),
    (lambda t: t["levels"].pop("b1"), "levels: 2099.1 section 'b1' is not mapped"),
    (lambda t: t["questions"].update(b1_getal={"kind": "renamed", "to": ["b1_bestaat_niet"]}),
     "questions.b1_getal.to[0]: renamed: 2099.2 has no question 'b1_bestaat_niet'"),
    (lambda t: t["checklist"].update(b1_c2={"kind": "merged", "to": ["b1_c99"]}),
     "checklist.b1_c2.to[0]: merged: 2099.2 has no checklist item 'b1_c99'"),
    (lambda t: t["questions"].update(b1_getal={"kind": "removed"}),
     "questions.b1_getal.reason: kind 'removed' needs a 'reason'"),
    (lambda t: t["questions"].update(b1_getal={"kind": "split", "to": ["b1_tekst"]}),
     "questions.b1_getal.to: kind 'split' takes at least 2 target id(s)"),
    (lambda t: t["questions"].update(b1_oud={"kind": "removed", "reason": "Weg."}),
     "questions.b1_oud: unknown 2099.1 question 'b1_oud'"),
    (lambda t: t["questions"].update(b1_getal={"kind": "renamed", "to": ["b1_tekst"]}),
     "questions.b1_getal: renamed: 'b1_getal' (integer) cannot move to 'b1_tekst' (long_text)"),
    (lambda t: t.update({"from": "2099.0"}), "migration.yaml:1: from: no previous version '2099.0'"),
])
def test_migration_rule_broken(migrating, change, expected):
    messages = errors(migrating(change))
    assert len(messages) == 1, "\n".join(messages)
    assert messages[0].startswith("migration.yaml:") and expected in messages[0], messages[0]


def test_kept_id_that_no_longer_exists_fails(migrating):
    messages = errors(migrating(new=lambda s: s["pages"][0]["questions"].pop(1)))
    assert any("questions.b1_getal: kept: 2099.2 has no question 'b1_getal'" in m for m in messages), messages


def test_an_undated_page_is_marked_so_instead_of_given_a_year(strict):
    def undated(secs, src):
        src["S2"].pop("year")
        src["S2"]["undated"] = True
        src["S2"]["note"] = "Geen datum op de pagina; ook elders niet gevonden."

    assert load_content(strict(undated)).sources["S2"].undated


def test_a_year_and_undated_together_fail(strict):
    messages = errors(strict(lambda secs, src: src["S2"].update(undated=True, note="Geen datum gevonden.")))
    assert len(messages) == 1 and "has a year and 'undated: true'" in messages[0], messages


def test_an_undated_source_without_a_note_fails(strict):
    def undated_without_note(secs, src):
        src["S2"].pop("year")
        src["S2"]["undated"] = True
        src["S2"].pop("note", None)

    messages = errors(strict(undated_without_note))
    assert len(messages) == 1 and "'S2' is undated without a 'note'" in messages[0], messages

