"""The real content passes all rules, and the public API behaves as the web app expects."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

import building_blocks
from building_blocks import ACTION_COLUMNS, CURRENT_VERSION, Condition, ContentError, get_content, load_content
from building_blocks.__main__ import main

REPO = Path(building_blocks.__file__).resolve().parent.parent
SECTION_IDS = ["b1", "b2", "b3", "b4", "b5", "b6", "r1", "r2", "r3"]


@pytest.fixture(scope="module")
def content():
    return load_content(CURRENT_VERSION)


def test_real_content_has_nine_sections_in_order(content):
    assert content.version == CURRENT_VERSION
    assert [s.id for s in content.sections] == SECTION_IDS
    assert [s.id for s in content.bouwstenen] == SECTION_IDS[:6]
    assert [s.id for s in content.randvoorwaarden] == SECTION_IDS[6:]


@pytest.mark.parametrize("section_id", SECTION_IDS)
def test_real_section_is_complete(content, section_id):
    section = content.section(section_id)
    assert len(section.questions) >= 5
    assert section.questions[-1].type == "action_plan"
    assert len(section.checklist) >= 6
    assert len(section.levels) in (4, 5)
    assert section.sources and section.good_practices
    assert any(q.show_if for q in section.questions), "every section has at least one conditional question"


def test_all_source_keys_resolve(content):
    used = {key for term in content.glossary for key in term.sources}
    for section in content.sections:
        used.update(section.sources)
        used.update(key for q in section.questions for key in q.sources)
        used.update(key for item in section.checklist for key in item.sources)
        used.update(key for gp in section.good_practices for key in gp.sources)
    assert used <= set(content.sources)
    assert {f"SEED-00{i}" for i in range(5)} <= set(content.sources)


def test_glossary_has_required_terms(content):
    terms = " ".join(t.term.casefold() for t in content.glossary)
    for word in ("regiobeeld", "regioplan", "zorgaanbodplan", "mandaat", "hidha", "hagro", "o&i", "iza",
                 "zorgkantoorregio", "zorggroep", "regio-organisatie", "ros", "kring", "preferente",
                 "praktijkhouder", "waarnemer", "poh", "taakherschikking", "basisarts", "physician assistant",
                 "verpleegkundig specialist", "hechte huisartsenzorg", "bouwsteen", "randvoorwaarde",
                 "cliëntgroepen", "volwassenheidsniveau"):
        assert word in terms, word


def test_b1_has_region_profile(content):
    page = content.section("b1").page("regioprofiel")
    ids = [q.id for q in page.questions]
    assert {"b1_inwoners", "b1_zorgkantoorregios", "b1_praktijken", "b1_huisartsen", "b1_uitstroom"} <= set(ids)
    # Since 2026.2 the four VGZ client groups are an option in b6, not a b1 table of capacity shares.
    groups = content.section("b6").question("b6_clientgroepen").options
    assert [o.value for o in groups] == ["gezond", "hulpbehoevend", "zorgbehoevend", "zorg_en_hulpbehoevend"]


def test_2026_1_keeps_its_region_profile():
    b1 = load_content("2026.1").section("b1")
    assert "b1_clientgroepen" in [q.id for q in b1.page("regioprofiel").questions]
    groups = b1.question("b1_clientgroepen").columns[0].options
    assert [o.value for o in groups] == ["gezond", "hulpbehoevend", "zorgbehoevend", "zorg-en-hulpbehoevend"]


def test_section_lookup(content):
    b1 = content.section("b1")
    assert content.section("opstellen-regioplan") is b1
    assert b1.label == "Bouwsteen 1"
    assert content.section("r2").label == "Randvoorwaarde 2"
    assert b1.question("b1_inwoners").type == "integer"
    assert b1.page("acties").questions[0].id == "b1_acties"
    assert b1.questions == tuple(q for p in b1.pages for q in p.questions)
    with pytest.raises(KeyError):
        content.section("b7")
    with pytest.raises(KeyError):
        b1.question("b2_visie")
    with pytest.raises(KeyError):
        b1.page("nergens")


def test_action_plan_columns_and_defaults(content):
    action_plan = content.section("b2").questions[-1]
    # From 2026.2 on an action plan is linked to the chain: the common columns first, then the links.
    assert action_plan.columns[:len(ACTION_COLUMNS)] == ACTION_COLUMNS
    assert [c.id for c in action_plan.columns[len(ACTION_COLUMNS):]] == [
        "doelen", "partnerlijst", "mijlpalen", "budget", "financiering"]
    assert [c.refers_to for c in action_plan.columns if c.refers_to] == ["b1_doelen", "b3_partners"]
    assert load_content("2026.1").section("b2").questions[-1].columns == ACTION_COLUMNS
    assert [c.id for c in ACTION_COLUMNS] == ["actie", "eigenaar", "partners", "start", "eind", "status", "indicator"]
    assert [o.value for o in ACTION_COLUMNS[5].options] == ["gepland", "lopend", "afgerond", "vervallen"]
    yes_no = content.section("b2").question("b2_visie")
    assert [(o.value, o.label) for o in yes_no.options] == [("ja", "Ja"), ("nee", "Nee")]
    assert content.section("b1").question("b1_visie").max_length == 20000


def test_content_is_immutable(content):
    with pytest.raises(TypeError):
        content.sources["S1"] = None
    with pytest.raises(ValidationError):  # pydantic's frozen model refuses the assignment
        content.sections[0].title = "Anders"


def test_get_content_is_cached():
    assert get_content() is get_content(CURRENT_VERSION)
    assert get_content().version == CURRENT_VERSION


@pytest.mark.parametrize(("condition", "answer", "holds"), [
    ({"question": "x", "equals": "ja"}, "ja", True),
    ({"question": "x", "equals": "ja"}, "nee", False),
    ({"question": "x", "equals": "ja"}, True, True),
    ({"question": "x", "equals": "nee"}, False, True),
    ({"question": "x", "equals": "ja"}, None, False),
    ({"question": "x", "equals": "ja"}, "", False),
    ({"question": "x", "any_of": ["a", "b"]}, "b", True),
    ({"question": "x", "any_of": ["a", "b"]}, "c", False),
    ({"question": "x", "any_of": ["a", "b"]}, ["c", "a"], True),
    ({"question": "x", "any_of": ["a", "b"]}, ["c"], False),
    ({"question": "x", "any_of": ["a", "b"]}, [], False),
    ({"question": "x", "equals": "a"}, 3, False),
])
def test_condition_holds(condition, answer, holds):
    assert Condition(**condition).holds(answer) is holds


def test_cli_passes_on_real_content(capsys):
    assert main(["check"]) == 0
    out = capsys.readouterr().out
    assert "Totaal" in out and "Begrippenlijst" in out
    assert all(f"\n{sid} " in out for sid in SECTION_IDS)


def test_cli_fails_on_broken_content(make_content, capsys):
    folder = make_content(lambda s: s.update(colour="rood"))
    assert main(["check", "--path", str(folder)]) == 1
    assert "colour: unknown key 'colour'" in capsys.readouterr().err


def test_cli_fails_on_version_without_folder(tmp_path, capsys):
    (tmp_path / "versions.yaml").write_text('- version: "2026.9"\n', encoding="utf-8")
    assert main(["check", "--path", str(tmp_path)]) == 1
    assert "no folder for version '2026.9'" in capsys.readouterr().err


def test_cli_as_module_exit_codes(make_content):
    ok = subprocess.run([sys.executable, "-m", "building_blocks", "check"], cwd=REPO, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    broken = make_content(lambda s: s.pop("title"))
    bad = subprocess.run([sys.executable, "-m", "building_blocks", "check", "--path", str(broken)], cwd=REPO,
                         capture_output=True, text=True)
    assert bad.returncode == 1
    assert "title: required key 'title' is missing" in bad.stderr


def test_package_imports_neither_flask_nor_sqlalchemy():
    code = ("import building_blocks, sys; building_blocks.get_content(); "
            "assert not any(m.split('.')[0] in ('flask', 'sqlalchemy') for m in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_load_content_reports_unknown_folder(tmp_path):
    with pytest.raises(ContentError):
        load_content(tmp_path / "bestaat-niet")
