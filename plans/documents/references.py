"""What the PDF's appendix lists: only the sources the plan cites (numbered in order of citation) and only the
glossary terms that occur in the plan's text."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from plans.writing.sections import is_visible


@dataclass(frozen=True)
class Citations:
    numbers: dict[str, int]  # source key -> number as first cited
    sources: list  # the cited sources, in that order

    def of(self, keys) -> list[int]:
        return sorted({self.numbers[k] for k in keys if k in self.numbers})


def cited_sources(content, values: dict[str, Any]) -> Citations:
    """Sources in order of first citation: per section its own, then those of the questions shown and of the
    checklist (the parts the PDF prints)."""
    keys: list[str] = []
    for section in content.sections:
        keys.extend(section.sources)
        for question in section.questions:
            if is_visible(question, values):
                keys.extend(question.sources)
        for item in section.checklist:
            keys.extend(item.sources)
    ordered = [k for k in dict.fromkeys(keys) if k in content.sources]
    return Citations({k: i for i, k in enumerate(ordered, 1)}, [content.sources[k] for k in ordered])


def section_citations(section, values: dict[str, Any]) -> list[str]:
    keys = list(section.sources)
    keys += [k for q in section.questions if is_visible(q, values) for k in q.sources]
    keys += [k for item in section.checklist for k in item.sources]
    return keys


def _strings(value: Any):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _strings(v)


def occurring_terms(content, values: dict[str, Any]) -> list:
    """Glossary terms that occur (whole word, any case) in the texts and answers the PDF prints."""
    texts = [*_strings(values)]
    for section in content.sections:
        texts += [section.title, section.intro]
        texts += [q.label for q in section.questions if is_visible(q, values)]
        texts += [item.statement for item in section.checklist]
        texts += [level.name for level in section.levels]
    corpus = "\n".join(texts)
    found = [t for t in content.glossary
             if re.search(rf"(?<!\w){re.escape(t.term)}(?!\w)", corpus, flags=re.IGNORECASE)]
    return sorted(found, key=lambda t: t.term.lower())
