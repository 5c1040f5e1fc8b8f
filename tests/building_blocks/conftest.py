"""Fixtures that write small content versions into tmp_path, valid unless a test breaks them."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

SOURCES = {
    "S1": {"title": "Bron een", "url": "https://example.org/1", "publisher": "Uitgever", "year": 2020},
    "SEED-000": {"title": "Zaaddocument"},
}
GLOSSARY = [{"term": "Regioplan", "definition": "Een plan voor de regio.", "sources": ["S1"]}]


def minimal_section(sid: str = "b1", slug: str = "opstellen-regioplan") -> dict[str, Any]:
    kind = "bouwsteen" if sid[0] == "b" else "randvoorwaarde"
    return {
        "id": sid, "slug": slug, "kind": kind, "number": int(sid[1:]),
        "title": "Titel", "summary": "Samenvatting.", "intro": "Inleiding.", "sources": ["S1"],
        "pages": [
            {"id": "eerste", "title": "Eerste pagina", "questions": [
                {"id": f"{sid}_keuze", "type": "choice", "label": "Kiest u?",
                 "options": [{"value": "ja", "label": "Ja"}, {"value": "nee", "label": "Nee"}]},
                {"id": f"{sid}_getal", "type": "integer", "label": "Hoeveel?", "min": 0, "max": 10},
                {"id": f"{sid}_tekst", "type": "long_text", "label": "Waarom?",
                 "show_if": {"question": f"{sid}_keuze", "equals": "ja"}},
                {"id": f"{sid}_tabel", "type": "table", "label": "Welke?",
                 "columns": [{"id": "naam", "label": "Naam", "required": True}]},
            ]},
            {"id": "acties", "title": "Acties", "questions": [
                {"id": f"{sid}_acties", "type": "action_plan", "label": "Welke acties?"},
            ]},
        ],
        "checklist": [
            {"id": f"{sid}_c{i}", "statement": f"Stelling {i}.", "evidence": "Bewijs.",
             "evidenced_by": [f"{sid}_keuze"], "sources": ["S1"]}
            for i in range(1, 7)
        ],
        "levels": [{"level": i, "name": f"Niveau {i}", "description": "Beschrijving."} for i in range(1, 6)],
        "good_practices": [{"title": "Voorbeeld", "region": "Regio", "description": "Tekst.", "sources": ["S1"]}],
    }


def section_file_name(section: dict[str, Any]) -> str:
    order = section["number"] + (6 if section["kind"] == "randvoorwaarde" else 0)
    return f"{order:02d}-{section['slug']}.yaml"


def dump(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False)


@pytest.fixture
def make_content(tmp_path: Path) -> Callable[..., Path]:
    """Write a content version folder; `mutate(section)` may break the first section before writing."""

    def build(mutate: Callable[[dict], Any] | None = None, sections: list[dict] | None = None,
              sources: dict | None = None, glossary: list | None = None) -> Path:
        folder = tmp_path / "2099.1"
        (folder / "sections").mkdir(parents=True)
        sections = copy.deepcopy(sections) if sections is not None else [minimal_section()]
        if mutate is not None:
            mutate(sections[0])
        (folder / "sources.yaml").write_text(dump(SOURCES if sources is None else sources), encoding="utf-8")
        (folder / "glossary.yaml").write_text(dump(GLOSSARY if glossary is None else glossary), encoding="utf-8")
        for section in sections:
            (folder / "sections" / section_file_name(section)).write_text(dump(section), encoding="utf-8")
        return folder

    return build


def line_of(path: Path, needle: str, occurrence: int = 1) -> int:
    """1-based line number of the n-th line containing `needle`."""
    hits = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if needle in line]
    return hits[occurrence - 1]


@pytest.fixture
def new_section() -> Callable[..., dict[str, Any]]:
    """A valid section as a dict: `new_section("r2", "betrekken")`."""
    return minimal_section


@pytest.fixture
def find_line() -> Callable[..., int]:
    return line_of
