"""Content version 2026.2: the policy of 2026, corrected facts, each fact asked once, every abbreviation explained."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from building_blocks import CURRENT_VERSION, load_content
from building_blocks.schema import Content


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content("2026.2")


def texts(content: Content) -> Iterator[tuple[str, str]]:
    """Every text a user can read, with where it comes from."""
    for s in content.sections:
        yield f"{s.id}.intro", s.intro
        yield f"{s.id}.summary", s.summary
        for p in s.pages:
            if p.intro:
                yield f"{s.id}.{p.id}.intro", p.intro
            for q in p.questions:
                for attr in ("label", "hint", "example"):
                    if getattr(q, attr):
                        yield f"{q.id}.{attr}", getattr(q, attr)
                for o in q.options:
                    yield f"{q.id}.option.{o.value}", o.label
                for c in q.columns:
                    yield f"{q.id}.column.{c.id}", c.label
                    for o in c.options:
                        yield f"{q.id}.column.{c.id}.{o.value}", o.label
        for item in s.checklist:
            yield f"{item.id}.statement", item.statement
            yield f"{item.id}.evidence", item.evidence
        for level in s.levels:
            yield f"{s.id}.level{level.level}", f"{level.name}. {level.description} {level.evidence or ''}"
        for gp in s.good_practices:
            yield f"{s.id}.practice", f"{gp.title}. {gp.region}. {gp.description}"
    for term in content.glossary:
        yield f"glossary.{term.term}", term.definition


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if s]


def test_new_plans_use_2026_2_and_it_is_strict_with_a_migration_table(content):
    assert CURRENT_VERSION == "2026.2"
    assert content.rules == "strict"
    assert content.migration is not None and content.migration.from_version == "2026.1"


def test_no_text_treats_open_as_current(content):
    offending = [(where, text) for where, text in texts(content)
                 if re.search(r"\bOPEN\b|regionale coalitie", text)
                 and not re.search(r"2022|afgesloten", text)]
    assert not offending, offending


def test_no_text_cites_o_en_i_as_segment_3(content):
    offending = [(where, s) for where, text in texts(content) for s in sentences(text)
                 if "O&I" in s and re.search(r"segment\s*3|S3\b", s)]
    assert not offending, offending


def test_no_text_asks_fte_per_10000_from_regiobeeld(content):
    offending = [(where, s) for where, text in texts(content) for s in sentences(text)
                 if "regiobeeld" in s.lower() and "fte" in s.lower() and "per 10.000" in s
                 and "geen fte" not in s.lower()]
    assert not offending, offending
    labels = [q.label for s in content.sections for q in s.questions]
    assert not [label for label in labels if "fte" in label.lower() and "10.000" in label]


def test_rebel_and_the_2018_prognosis_are_history(content):
    for where, text in texts(content):
        for s in sentences(text):
            if "Rebel" in s or "Prismant" in s:
                assert re.search(r"20(18|20)", s), (where, s)


ABBREVIATION = re.compile(r"\b[A-Z][A-Z&]*[A-Z](?=\b|'s|-)")
LOWERCASE_ABBREVIATIONS = ("ggz", "fte", "aios", "bv", "vvt")
NOT_ABBREVIATIONS = {"II"}


def test_glossary_explains_every_abbreviation(content):
    glossary = " ".join(t.term for t in content.glossary)
    known = set(ABBREVIATION.findall(glossary)) | {w.casefold() for w in re.findall(r"\w+", glossary)}
    missing: dict[str, str] = {}
    for where, text in texts(content):
        found = set(ABBREVIATION.findall(text)) - NOT_ABBREVIATIONS
        found |= {w for w in LOWERCASE_ABBREVIATIONS if re.search(rf"\b{w}\b", text, re.IGNORECASE)}
        for abbreviation in found:
            explained_here = f"({abbreviation})" in text
            if abbreviation not in known and abbreviation.casefold() not in known and not explained_here:
                missing.setdefault(abbreviation, where)
    assert not missing, missing
    for term in ("FTO", "ANW", "VVT", "KIS"):
        assert term in glossary


def test_each_fact_has_one_home_question_and_the_others_show_it(content):
    shown = {qid for s in content.sections for qid in s.shown}
    homes = {q.id: s.id for s in content.sections for q in s.questions}
    for qid in ("b3_aanspreekpunt", "b3_mandaat_vorm", "r1_geschillenregeling", "r2_participatievormen",
                "b1_huisartsen", "b1_uitstroom", "b5_ondersteuning_overname", "r3_kosten_transparant"):
        assert qid in homes and qid in shown, qid
    for gone in ("r1_een_aanspreekpunt", "r1_mandaat_bestuur", "b3_geschillen", "b1_participatie",
                 "r2_huisartsen", "b4_praktijkhouders_60plus", "b4_verwachte_stoppers", "b5_kosten_transparant"):
        assert gone not in homes


def test_no_level_requires_a_legal_form_and_accountable_is_gone(content):
    for s in content.sections:
        for level in s.levels:
            text = f"{level.name} {level.description} {level.evidence}"
            assert "Accountable" not in text
            assert not re.search(r"\bde leden\b", text), (s.id, level.level)
            assert level.evidence


def test_vgz_client_groups_are_an_option_not_a_norm(content):
    statements = " ".join(i.statement for s in content.sections for i in s.checklist)
    assert "cliëntgroep" not in statements.lower()
    b6 = content.section("b6")
    assert b6.question("b6_clientgroepen").show_if.question == "b6_indeling"


def test_mandaatregister_is_this_products_proposal(content):
    question = content.section("b3").question("b3_mandaatregister")
    assert question.own_proposal and "S3" not in question.sources


def test_legal_claims_cite_the_law(content):
    wtza = content.section("r1").question("r1_wtza_toezicht")
    assert wtza.sources == ("WTZA-2025",)
    assert "officielebekendmakingen.nl" in content.sources["WTZA-2025"].url
    assert "wetten.overheid.nl" in content.sources["NEN7510-BESLUIT"].url


def test_seed_documents_have_title_and_publisher(content):
    for key in ("SEED-000", "SEED-001", "SEED-002", "SEED-003", "SEED-004"):
        assert content.sources[key].title and content.sources[key].publisher


def test_spelling_fixes(content):
    all_text = " ".join(text for _, text in texts(content))
    for wrong in ("er van leren", "andere vragen vragen", "voldoet alleen niet"):
        assert wrong not in all_text
