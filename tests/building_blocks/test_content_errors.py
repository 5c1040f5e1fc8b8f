"""Every class of content error gives a message that names the file, the path inside it and the problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from building_blocks import ContentError, load_content
from building_blocks.loader import read_versions

SECTION_FILE = "sections/01-opstellen-regioplan.yaml"


def errors(folder: Path) -> list[str]:
    with pytest.raises(ContentError) as exc:
        load_content(folder)
    return exc.value.messages


def assert_error(folder: Path, fragment: str) -> str:
    messages = errors(folder)
    matches = [m for m in messages if fragment in m]
    assert matches, f"{fragment!r} not in:\n" + "\n".join(messages)
    return matches[0]


def q(section: dict, page: int = 0, index: int = 0) -> dict:
    return section["pages"][page]["questions"][index]


def _move_action_plan_first(s: dict) -> None:
    plan = s["pages"].pop()["questions"][0]
    s["pages"][0]["questions"].insert(0, plan)


SECTION_CASES = [
    # unknown keys and missing or empty texts
    ("unknown-key-section", lambda s: s.update(colour="rood"), "colour: unknown key 'colour'"),
    ("unknown-key-question", lambda s: q(s).update(colour="rood"),
     "pages[0].questions[0].colour: unknown key 'colour'"),
    ("missing-title", lambda s: s.pop("title"), "title: required key 'title' is missing"),
    ("missing-statement", lambda s: s["checklist"][0].pop("statement"),
     "checklist[0].statement: required key 'statement' is missing"),
    ("empty-label", lambda s: q(s).update(label="   "), "pages[0].questions[0].label: must not be empty"),
    ("empty-evidence", lambda s: s["checklist"][0].update(evidence=""), "checklist[0].evidence: must not be empty"),
    ("empty-optional-hint", lambda s: q(s).update(hint=""), "pages[0].questions[0].hint: must not be empty"),
    ("unknown-type", lambda s: q(s).update(type="slider"), "pages[0].questions[0].type: Input should be"),
    ("bad-question-id", lambda s: q(s).update(id="B1 Keuze"), "pages[0].questions[0].id: String should match"),
    # duplicates inside one section
    ("duplicate-page-id", lambda s: s["pages"][1].update(id="eerste"), "pages[1].id: duplicate page id 'eerste'"),
    ("duplicate-question-id", lambda s: q(s, 0, 1).update(id="b1_keuze"),
     "pages[0].questions[1].id: duplicate question id 'b1_keuze'"),
    ("duplicate-checklist-id", lambda s: s["checklist"][1].update(id="b1_c1"),
     "checklist[1].id: duplicate checklist id 'b1_c1'"),
    ("duplicate-option-value", lambda s: q(s)["options"].append({"value": "ja", "label": "Nogmaals ja"}),
     "pages[0].questions[0].options[2].value: duplicate option value 'ja'"),
    ("duplicate-column-id", lambda s: q(s, 0, 3)["columns"].append({"id": "naam", "label": "Ook naam"}),
     "pages[0].questions[3].columns[1].id: duplicate column id 'naam'"),
    # unknown source keys
    ("unknown-source-section", lambda s: s["sources"].append("S99"), "sources[1]: unknown source 'S99'"),
    ("unknown-source-question", lambda s: q(s).update(sources=["S98"]),
     "pages[0].questions[0].sources[0]: unknown source 'S98'"),
    ("unknown-source-checklist", lambda s: s["checklist"][2]["sources"].append("S97"),
     "checklist[2].sources[1]: unknown source 'S97'"),
    ("unknown-source-good-practice", lambda s: s["good_practices"][0].update(sources=["S96"]),
     "good_practices[0].sources[0]: unknown source 'S96'"),
    # show_if
    ("show-if-unknown-question", lambda s: q(s, 0, 2)["show_if"].update(question="b1_x"),
     "pages[0].questions[2].show_if.question: unknown question 'b1_x'"),
    ("show-if-later-question", lambda s: q(s, 0, 2)["show_if"].update(question="b1_tabel"),
     "pages[0].questions[2].show_if.question: question 'b1_tabel' comes later"),
    ("show-if-itself", lambda s: q(s, 0, 2)["show_if"].update(question="b1_tekst"),
     "pages[0].questions[2].show_if.question: question 'b1_tekst' cannot depend on itself"),
    ("show-if-without-options", lambda s: q(s, 0, 2)["show_if"].update(question="b1_getal"),
     "pages[0].questions[2].show_if.question: question 'b1_getal' has type 'integer', which has no options"),
    ("show-if-equals-not-an-option", lambda s: q(s, 0, 2)["show_if"].update(equals="misschien"),
     "pages[0].questions[2].show_if.equals: 'misschien' is not an option of question 'b1_keuze' (options: ja, nee)"),
    ("show-if-any-of-not-an-option",
     lambda s: q(s, 0, 2).update(show_if={"question": "b1_keuze", "any_of": ["ja", "soms"]}),
     "pages[0].questions[2].show_if.any_of[1]: 'soms' is not an option of question 'b1_keuze'"),
    ("show-if-equals-and-any-of", lambda s: q(s, 0, 2)["show_if"].update(any_of=["ja"]),
     "pages[0].questions[2].show_if: give exactly one of 'equals' and 'any_of'"),
    # levels and checklist
    ("levels-not-ordered", lambda s: s["levels"][1].update(level=3),
     "levels[1].level: levels must be numbered 1..5 in order; expected 2, found 3"),
    ("levels-too-few", lambda s: s.update(levels=s["levels"][:3]), "levels: needs at least 4 item(s), found 3"),
    ("levels-too-many", lambda s: s["levels"].append({"level": 6, "name": "Zes", "description": "Te veel."}),
     "levels: allows at most 5 item(s), found 6"),
    ("checklist-too-short", lambda s: s.update(checklist=s["checklist"][:5]),
     "checklist: needs at least 6 item(s), found 5"),
    ("evidenced-by-unknown", lambda s: s["checklist"][0].update(evidenced_by=["b1_nergens"]),
     "checklist[0].evidenced_by[0]: unknown question 'b1_nergens'"),
    ("checklist-id-prefix", lambda s: s["checklist"][0].update(id="b1_punt1"),
     "checklist[0].id: checklist id 'b1_punt1' must start with 'b1_c'"),
    ("good-practices-missing", lambda s: s.update(good_practices=[]),
     "good_practices: needs at least 1 item(s), found 0"),
    # the action plan
    ("action-plan-not-last", _move_action_plan_first,
     "pages[0].questions[4].type: the last question of a section must have type 'action_plan', found 'table'"),
    ("action-plan-missing", lambda s: s["pages"].pop(), "pages: section has no question of type 'action_plan'"),
    ("action-plan-twice", lambda s: s["pages"][0]["questions"].append(
        {"id": "b1_meer_acties", "type": "action_plan", "label": "Nog meer acties?"}),
     "pages[0].questions[4].type: only one action_plan per section"),
    ("action-plan-with-columns", lambda s: q(s, 1).update(columns=[{"id": "x", "label": "X"}]),
     "pages[1].questions[0].columns: type 'action_plan' does not take 'columns'"),
    # keys that belong to other types, and empty options or columns
    ("table-without-columns", lambda s: q(s, 0, 3).update(columns=[]),
     "pages[0].questions[3].columns: type 'table' needs at least one column"),
    ("choice-without-options", lambda s: q(s).pop("options"),
     "pages[0].questions[0].options: type 'choice' needs at least one option"),
    ("options-on-integer", lambda s: q(s, 0, 1).update(options=[{"value": "a", "label": "A"}]),
     "pages[0].questions[1].options: type 'integer' does not take 'options'"),
    ("options-on-yes-no", lambda s: q(s).update(type="yes_no"),
     "pages[0].questions[0].options: type 'yes_no' does not take 'options'"),
    ("max-length-on-choice", lambda s: q(s).update(max_length=10),
     "pages[0].questions[0].max_length: type 'choice' does not take 'max_length'"),
    ("column-choice-without-options", lambda s: q(s, 0, 3)["columns"][0].update(type="choice"),
     "pages[0].questions[3].columns[0].options: column type 'choice' needs at least one option"),
    ("column-options-on-text",
     lambda s: q(s, 0, 3)["columns"][0].update(options=[{"value": "a", "label": "A"}]),
     "pages[0].questions[3].columns[0].options: column type 'short_text' takes no options"),
    ("other-clashes-with-option", lambda s: q(s).update(
        other=True, options=[{"value": "ja", "label": "Ja"}, {"value": "anders", "label": "Anders"}]),
     "pages[0].questions[0].other: 'other: true' adds the value 'anders' itself"),
    # bounds
    ("min-greater-than-max", lambda s: q(s, 0, 1).update(min=20),
     "pages[0].questions[1].min: min (20) is greater than max (10)"),
    ("min-rows-greater-than-max-rows", lambda s: q(s, 0, 3).update(min_rows=5, max_rows=2),
     "pages[0].questions[3].min_rows: min_rows (5) is greater than max_rows (2)"),
    ("percentage-above-100", lambda s: q(s, 0, 1).update(type="percentage", max=150),
     "pages[0].questions[1].max: a percentage max must lie between 0 and 100, found 150"),
    # identity of the section
    ("question-id-prefix", lambda s: q(s, 0, 1).update(id="b2_getal"),
     "pages[0].questions[1].id: question id 'b2_getal' must start with 'b1_'"),
    ("id-does-not-match-kind", lambda s: s.update(id="r1"),
     "id 'r1' does not match kind 'bouwsteen' and number 1 (expected id 'b1')"),
    # references between tables (the chain opgave -> doel -> actie)
    ("reference-without-refers-to", lambda s: q(s, 0, 3)["columns"].append(
        {"id": "wie", "label": "Wie", "type": "reference"}),
     "pages[0].questions[3].columns[1].refers_to: a column of type 'reference' or 'references' needs 'refers_to'"),
    ("refers-to-on-text-column", lambda s: q(s, 0, 3)["columns"].append(
        {"id": "wie", "label": "Wie", "refers_to": "b1_tabel"}), "only such a column takes it"),
    ("refers-to-unknown-table", lambda s: q(s, 0, 3)["columns"].append(
        {"id": "wie", "label": "Wie", "type": "references", "refers_to": "b1_nergens"}),
     "pages[0].questions[3].columns[1].refers_to: 'b1_nergens' is not a table question"),
    ("refers-to-own-table", lambda s: q(s, 0, 3)["columns"].append(
        {"id": "wie", "label": "Wie", "type": "reference", "refers_to": "b1_tabel"}),
     "table 'b1_tabel' cannot refer to its own rows"),
    ("links-to-unknown-table", lambda s: s["pages"][1]["questions"][0].update(
        links={"doelen": "b1_tabel", "partners": "b1_nergens"}),
     "pages[1].questions[0].links: 'b1_nergens' is not a table question"),
    ("links-to-table-without-key", lambda s: (q(s, 0, 3)["columns"][0].update(required=False),
                                              s["pages"][1]["questions"][0].update(
                                                  links={"doelen": "b1_tabel", "partners": "b1_tabel"})),
     "table 'b1_tabel' needs a key its rows are chosen by"),
    ("links-on-a-table", lambda s: q(s, 0, 3).update(links={"doelen": "b1_tabel", "partners": "b1_tabel"}),
     "type 'table' does not take 'links'"),
]


@pytest.mark.parametrize(("mutate", "expected"), [c[1:] for c in SECTION_CASES], ids=[c[0] for c in SECTION_CASES])
def test_section_error_message(make_content, mutate, expected):
    messages = errors(make_content(mutate))
    assert len(messages) == 1, "\n".join(messages)  # one mistake, one message: no follow-up noise
    assert expected in messages[0]
    assert messages[0].startswith(SECTION_FILE + ":")


def test_minimal_content_is_valid(make_content):
    content = load_content(make_content())
    assert content.version == "2099.1"
    assert [s.id for s in content.sections] == ["b1"]


def test_message_has_line_number_of_offending_key(make_content, find_line):
    folder = make_content(lambda s: q(s, 0, 1).update(colour="rood"))
    line = find_line(folder / SECTION_FILE, "colour:")
    assert f"{SECTION_FILE}:{line}: pages[0].questions[1].colour: unknown key 'colour'" in errors(folder)


def test_message_has_line_number_of_show_if_target(make_content, find_line):
    folder = make_content(lambda s: q(s, 0, 2)["show_if"].update(question="b1_x"))
    line = find_line(folder / SECTION_FILE, "question: b1_x")
    assert errors(folder) == [
        f"{SECTION_FILE}:{line}: pages[0].questions[2].show_if.question: unknown question 'b1_x' "
        "(show_if must point to an earlier question of the same section)"
    ]


@pytest.mark.parametrize(("kind", "path"), [
    ("section id", "id"), ("slug", "slug"), ("question id", "pages[0].questions[0].id"),
    ("checklist id", "checklist[0].id"),
])
def test_duplicates_across_sections(make_content, new_section, kind, path):
    other = new_section("b2", "automatisering-en-informatisering")
    if kind == "section id":
        other["id"], other["number"], other["slug"] = "b1", 1, "tweede-plan"
    elif kind == "slug":
        other["slug"] = "opstellen-regioplan"
    elif kind == "question id":
        other["pages"][0]["questions"][0]["id"] = "b1_keuze"
    else:
        other["checklist"][0]["id"] = "b1_c1"
    folder = make_content(sections=[new_section(), other])
    assert_error(folder, f": {path}: duplicate {kind} ")


def test_file_name_must_match_order_and_slug(make_content):
    folder = make_content()
    (folder / SECTION_FILE).rename(folder / "sections" / "03-regioplan.yaml")
    assert_error(folder, "sections/03-regioplan.yaml:2: slug: file name must be '01-opstellen-regioplan.yaml'")


def test_errors_of_all_files_are_collected(make_content, new_section):
    broken = new_section("r2", "betrekken")
    broken["title"] = ""
    folder = make_content(lambda s: s.update(colour="rood"), sections=[new_section(), broken])
    with pytest.raises(ContentError) as exc:
        load_content(folder)
    assert len(exc.value.messages) == 2
    assert "colour: unknown key 'colour'" in str(exc.value)
    assert "sections/08-betrekken.yaml:5: title: must not be empty" in str(exc.value)


def test_unknown_source_in_glossary(make_content):
    folder = make_content(glossary=[{"term": "Mandaat", "definition": "Bevoegdheid.", "sources": ["S404"]}])
    assert_error(folder, "glossary.yaml:4: [0].sources[0]: unknown source 'S404'")


def test_duplicate_glossary_term(make_content):
    term = {"term": "Mandaat", "definition": "Bevoegdheid.", "sources": []}
    folder = make_content(glossary=[term, {**term, "term": "mandaat"}])
    assert_error(folder, "glossary.yaml:4: [1].term: duplicate term 'mandaat'")


def test_source_without_title(make_content):
    folder = make_content(sources={"S1": {"title": "Bron"}, "SEED-000": {"url": "https://example.org"}})
    assert_error(folder, "sources.yaml:3: SEED-000.title: required key 'title' is missing")


def test_invalid_yaml_reports_line(make_content):
    folder = make_content()
    path = folder / SECTION_FILE
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[6] = "summary: [niet afgesloten"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    message = assert_error(folder, "invalid YAML")
    assert message.startswith(f"{SECTION_FILE}:8: ")


def test_duplicate_yaml_key_reports_line(make_content):
    folder = make_content()
    path = folder / SECTION_FILE
    path.write_text(path.read_text(encoding="utf-8").replace("title: Titel\n", "title: Titel\ntitle: Nog een\n"),
                    encoding="utf-8")
    assert_error(folder, f"{SECTION_FILE}:6: duplicate key 'title'")


def test_missing_sources_file(make_content):
    folder = make_content()
    (folder / "sources.yaml").unlink()
    assert errors(folder) == ["sources.yaml: file is missing"]  # no follow-up "unknown source" noise


def test_version_without_folder(tmp_path):
    (tmp_path / "2026.1").mkdir()
    (tmp_path / "versions.yaml").write_text('- version: "2026.1"\n- version: "2026.2"\n', encoding="utf-8")
    with pytest.raises(ContentError) as exc:
        read_versions(tmp_path)
    assert exc.value.messages == [
        f"versions.yaml:2: [1].version: no folder for version '2026.2' (expected {tmp_path / '2026.2'})"
    ]


def test_unknown_version_name():
    with pytest.raises(ContentError, match="unknown content version or folder '1999.9'"):
        load_content("1999.9")
