"""Pydantic models of one content version: sections, questions, checklists, levels, sources, glossary.

The models check the shape of each YAML file (keys, types, non-empty texts, which keys a question type
takes). Rules that need more than one object (references, duplicates, ordering) live in `checks.py`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from types import MappingProxyType
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Ident = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
OptionValue = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$")]
SourceKey = Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9-]*$")]
# A bound such as `min: 0`; whole numbers stay ints so the app can use them for integer fields.
Number = Annotated[float, AfterValidator(lambda v: int(v) if v.is_integer() else v)]

QuestionType = Literal[
    "short_text", "long_text", "integer", "decimal", "percentage", "euro", "date", "year",
    "yes_no", "choice", "multi_choice", "table", "action_plan",
]
ColumnType = Literal[
    "short_text", "long_text", "integer", "decimal", "percentage", "euro", "date", "year", "yes_no", "choice",
    "reference", "references", "milestones",
]
# Columns whose options are the rows of another table of the plan (`refers_to`): one row, or several.
REFERENCE_TYPES = frozenset({"reference", "references"})
# The column of a referenced table whose value a reference stores: its code, or else its name.
KEY_COLUMNS = ("code", "naam")

# Keys a question may carry besides the common ones, per type.
TYPE_KEYS: dict[str, frozenset[str]] = {
    "short_text": frozenset({"max_length"}),
    "long_text": frozenset({"max_length"}),
    "integer": frozenset({"min", "max"}),
    "decimal": frozenset({"min", "max"}),
    "percentage": frozenset({"min", "max"}),
    "euro": frozenset({"min", "max"}),
    "date": frozenset(),
    "year": frozenset({"min", "max"}),
    "yes_no": frozenset(),
    "choice": frozenset({"options", "other"}),
    "multi_choice": frozenset({"options", "other"}),
    "table": frozenset({"columns", "min_rows", "max_rows"}),
    "action_plan": frozenset({"links"}),
}
TYPED_KEYS = frozenset().union(*TYPE_KEYS.values())
DEFAULT_MAX_LENGTH = {"short_text": 200, "long_text": 20000}
OPTION_TYPES = frozenset({"yes_no", "choice", "multi_choice"})
PERCENT_RANGE = (0, 100)

# The value stored when a user picks "Anders, namelijk" on a question with `other: true`.
OTHER_VALUE = "anders"


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=False)


def key_error(key: str, message: str) -> PydanticCustomError:
    """An error the loader reports at `<object path>.<key>` instead of at the object itself."""
    return PydanticCustomError("content", "{message}", {"message": message, "key": key})


class Option(Model):
    value: OptionValue
    label: Text


YES_NO_OPTIONS = (Option(value="ja", label="Ja"), Option(value="nee", label="Nee"))


class Column(Model):
    id: Ident
    label: Text
    type: ColumnType = "short_text"
    required: bool = False
    options: tuple[Option, ...] = ()
    # For a reference column: the table question whose rows are the options (its first column is the key).
    refers_to: Ident | None = None

    @model_validator(mode="before")
    @classmethod
    def _options_only_for_choice(cls, data: Any) -> Any:
        if isinstance(data, dict) and ("refers_to" in data) != (data.get("type") in REFERENCE_TYPES):
            raise key_error("refers_to", "a column of type 'reference' or 'references' needs 'refers_to', "
                                         "and only such a column takes it")
        if isinstance(data, dict) and "options" in data and data.get("type") != "choice":
            raise key_error("options", f"column type '{data.get('type', 'short_text')}' takes no options")
        if isinstance(data, dict) and data.get("type") == "yes_no":
            data = {**data, "options": YES_NO_OPTIONS}
        return data


ACTION_STATUS_OPTIONS = (
    Option(value="gepland", label="Gepland"),
    Option(value="lopend", label="Lopend"),
    Option(value="afgerond", label="Afgerond"),
    Option(value="vervallen", label="Vervallen"),
)
ACTION_COLUMNS = (
    Column(id="actie", label="Actie", type="long_text", required=True),
    Column(id="eigenaar", label="Eigenaar", type="short_text", required=True),
    Column(id="partners", label="Partners", type="short_text"),
    Column(id="start", label="Start", type="date"),
    Column(id="eind", label="Eind", type="date"),
    Column(id="status", label="Status", type="choice", options=ACTION_STATUS_OPTIONS),
    Column(id="indicator", label="Indicator / KPI", type="short_text"),
)
FUNDING_SOURCE_OPTIONS = (
    Option(value="oi", label="O&I"),
    Option(value="s3", label="S3 / zorgvernieuwing"),
    Option(value="iza", label="IZA-transformatiemiddelen"),
    Option(value="azwa", label="AZWA"),
    Option(value="zonmw", label="ZonMw"),
    Option(value="gemeenten", label="Gemeenten"),
    Option(value="eigen", label="Eigen middelen"),
    Option(value="anders", label="Anders"),
)


class ActionLinks(Model):
    """`links` of an action plan: the tables of goals and partners its actions name (content 2026.2 on)."""

    doelen: Ident
    partners: Ident


def linked_action_columns(links: ActionLinks) -> tuple[Column, ...]:
    """The action columns plus the chain: the goals served, partners from the partner table, milestones,
    budget and funding source. Appended, so the first seven columns stay those of every action plan."""
    return ACTION_COLUMNS + (
        Column(id="doelen", label="Dient doel(en)", type="references", refers_to=links.doelen),
        Column(id="partnerlijst", label="Partners uit de partnertabel", type="references",
               refers_to=links.partners),
        Column(id="mijlpalen", label="Mijlpalen (een per regel: datum, dan wat er wordt opgeleverd)",
               type="milestones"),
        Column(id="budget", label="Budget", type="euro"),
        Column(id="financiering", label="Financieringsbron", type="choice", options=FUNDING_SOURCE_OPTIONS),
    )


class Condition(Model):
    """`show_if`: show a question only when an earlier question has one of the given values."""

    question: Ident
    equals: OptionValue | None = None
    any_of: tuple[OptionValue, ...] | None = None

    @model_validator(mode="after")
    def _one_of_equals_any_of(self) -> Condition:
        if (self.equals is None) == (self.any_of is None):
            raise PydanticCustomError("content", "give exactly one of 'equals' and 'any_of'")
        if self.any_of is not None and not self.any_of:
            raise key_error("any_of", "'any_of' needs at least one value")
        return self

    @property
    def values(self) -> frozenset[str]:
        return frozenset(self.any_of if self.any_of is not None else (self.equals,))

    def holds(self, answer_value: Any) -> bool:
        """True when the answer to `self.question` matches.

        Accepts a single value (choice, yes_no), True/False for yes_no, or a collection of values
        (multi_choice); an empty or missing answer never matches.
        """
        if answer_value is None:
            return False
        if isinstance(answer_value, bool):
            answer_value = "ja" if answer_value else "nee"
        if isinstance(answer_value, str):
            return answer_value in self.values
        if isinstance(answer_value, (list, tuple, set, frozenset)):
            return any(isinstance(v, str) and v in self.values for v in answer_value)
        return False


class Question(Model):
    id: Ident
    type: QuestionType
    label: Text
    hint: Text | None = None
    example: Text | None = None
    required: bool = False
    options: tuple[Option, ...] = ()
    other: bool = False
    columns: tuple[Column, ...] = ()
    show_if: Condition | None = None
    min: Number | None = None
    max: Number | None = None
    max_length: int | None = Field(default=None, gt=0)
    min_rows: int | None = Field(default=None, ge=0)
    max_rows: int | None = Field(default=None, gt=0)
    sources: tuple[SourceKey, ...] = ()
    # This product's own proposal rather than a claim of a source (strict versions need one of the two).
    own_proposal: bool = False
    # The fact this question asks; one question per meaning in a version (the others show it).
    meaning: Ident | None = None
    links: ActionLinks | None = None

    @model_validator(mode="before")
    @classmethod
    def _keys_fit_type(cls, data: Any) -> Any:
        if not isinstance(data, dict) or data.get("type") not in TYPE_KEYS:
            return data
        qtype = data["type"]
        wrong = [k for k in data if k in TYPED_KEYS and k not in TYPE_KEYS[qtype]]
        if wrong:
            allowed = ", ".join(sorted(TYPE_KEYS[qtype])) or "none"
            raise key_error(wrong[0], f"type '{qtype}' does not take '{wrong[0]}' (extra keys allowed: {allowed})")
        if qtype == "action_plan":
            links = data.get("links")
            columns = linked_action_columns(ActionLinks.model_validate(links)) if links else ACTION_COLUMNS
            return {**data, "columns": columns}
        if qtype == "yes_no":
            return {**data, "options": YES_NO_OPTIONS}
        if qtype in DEFAULT_MAX_LENGTH and "max_length" not in data:
            return {**data, "max_length": DEFAULT_MAX_LENGTH[qtype]}
        return data

    @property
    def has_options(self) -> bool:
        return self.type in OPTION_TYPES

    def option_values(self) -> frozenset[str]:
        values = {o.value for o in self.options}
        if self.other:
            values.add(OTHER_VALUE)
        return frozenset(values)


class Page(Model):
    id: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]*$")]
    title: Text
    intro: Text | None = None
    # Questions of other pages or sections whose answers this page shows read-only, above its own questions.
    shows: tuple[Ident, ...] = ()
    questions: tuple[Question, ...] = Field(min_length=1)


class ChecklistItem(Model):
    id: Ident
    statement: Text
    evidence: Text
    evidenced_by: tuple[Ident, ...] = ()
    sources: tuple[SourceKey, ...] = ()
    own_proposal: bool = False


class Level(Model):
    level: int
    name: Text
    description: Text
    evidence: Text | None = None  # what shows that a region is at this level (required in strict versions)
    sources: tuple[SourceKey, ...] = ()
    own_proposal: bool = False


class GoodPractice(Model):
    title: Text
    region: Text
    description: Text
    sources: tuple[SourceKey, ...] = Field(min_length=1)


MIN_CHECKLIST_ITEMS = 6
LEVEL_COUNTS = (4, 5)
KIND_LABELS = {"bouwsteen": "Bouwsteen", "randvoorwaarde": "Randvoorwaarde"}


class Section(Model):
    id: Annotated[str, StringConstraints(pattern=r"^(b[1-6]|r[1-3])$")]
    slug: Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
    kind: Literal["bouwsteen", "randvoorwaarde"]
    number: int
    title: Text
    summary: Text
    intro: Text
    sources: tuple[SourceKey, ...] = Field(min_length=1)
    pages: tuple[Page, ...] = Field(min_length=1)
    checklist: tuple[ChecklistItem, ...] = Field(min_length=MIN_CHECKLIST_ITEMS)
    levels: tuple[Level, ...] = Field(min_length=min(LEVEL_COUNTS), max_length=max(LEVEL_COUNTS))
    good_practices: tuple[GoodPractice, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _id_matches_kind_and_number(self) -> Section:
        expected = f"{self.kind[0]}{self.number}"
        if self.id != expected:
            raise PydanticCustomError(
                "content", "{message}",
                {"message": f"id '{self.id}' does not match kind '{self.kind}' and number {self.number}"
                            f" (expected id '{expected}')"},
            )
        return self

    @property
    def label(self) -> str:
        return f"{KIND_LABELS[self.kind]} {self.number}"

    @property
    def order(self) -> int:
        """Position 1..9: bouwstenen first, then randvoorwaarden (also the file name prefix)."""
        return self.number if self.kind == "bouwsteen" else 6 + self.number

    @cached_property
    def questions(self) -> tuple[Question, ...]:
        # Built once per (frozen) section: the overview and the CSV ask it for every plan, and a tuple made
        # anew per call also fills CPython's tuple free lists (about 2 MB at their cap) that a CSV of
        # 1,000 plans showed as growth of its peak.
        return tuple(q for page in self.pages for q in page.questions)

    @property
    def shown(self) -> tuple[str, ...]:
        """Ids of questions asked elsewhere that this section shows read-only."""
        return tuple(qid for page in self.pages for qid in page.shows)

    def question(self, qid: str) -> Question:
        for q in self.questions:
            if q.id == qid:
                return q
        raise KeyError(qid)

    def page(self, page_id: str) -> Page:
        for p in self.pages:
            if p.id == page_id:
                return p
        raise KeyError(page_id)


class Source(Model):
    key: SourceKey
    title: Text
    url: Text | None = None
    publisher: Text | None = None
    year: int | None = Field(default=None, ge=1900, le=2100)
    undated: bool = False  # no year could be established; strict versions accept this instead of a year, with a note
    note: Text | None = None  # how the year was established, or why there is none (editors only, not shown)
    checked: date | None = None  # "laatst gecontroleerd": when an editor last read the source
    extra_urls: tuple[Text, ...] = ()


class Term(Model):
    term: Text
    definition: Text
    sources: tuple[SourceKey, ...] = ()


MigrationKind = Literal["kept", "renamed", "merged", "split", "removed"]


class AnswerMove(Model):
    """Where the answer to one id of the previous version goes."""

    kind: MigrationKind
    to: tuple[Ident, ...] = ()
    reason: Text | None = None

    @model_validator(mode="after")
    def _targets_fit_kind(self) -> AnswerMove:
        wanted = {"kept": (0, 0), "renamed": (1, 1), "merged": (1, 1), "split": (2, None), "removed": (0, 0)}
        low, high = wanted[self.kind]
        if len(self.to) < low or (high is not None and len(self.to) > high):
            count = f"{low}" if low == high else f"at least {low}"
            raise key_error("to", f"kind '{self.kind}' takes {count} target id(s) in 'to', found {len(self.to)}")
        if self.kind == "removed" and self.reason is None:
            raise key_error("reason", "kind 'removed' needs a 'reason'")
        return self


class Migration(Model):
    """`migration.yaml`: how the answers of plans on the previous version move to this one."""

    from_version: Annotated[str, StringConstraints(pattern=r"^\d{4}\.\d+$")] = Field(alias="from")
    questions: dict[str, AnswerMove] = Field(default_factory=dict)
    checklist: dict[str, AnswerMove] = Field(default_factory=dict)
    levels: dict[str, AnswerMove] = Field(default_factory=dict)  # per section id: its self-rating

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    def target_of(self, kind: str, old_id: str) -> AnswerMove | None:
        return getattr(self, kind).get(old_id)


class VersionRules(Model):
    """`version.yaml`: which rules a version is checked against."""

    rules: Literal["basic", "strict"] = "basic"


class VersionEntry(Model):
    version: Annotated[str, StringConstraints(pattern=r"^\d{4}\.\d+$")]
    description: Text | None = None


@dataclass(frozen=True, eq=False)
class Content:
    """One loaded content version. Immutable: `get_content()` shares it between all requests."""

    version: str
    sections: tuple[Section, ...]
    sources: Mapping[str, Source]
    glossary: tuple[Term, ...]
    rules: str = "basic"
    migration: Migration | None = field(default=None)

    def __post_init__(self) -> None:
        object.__setattr__(self, "sources", MappingProxyType(dict(self.sources)))

    def __repr__(self) -> str:
        return f"<Content {self.version}: {len(self.sections)} sections>"

    @property
    def bouwstenen(self) -> tuple[Section, ...]:
        return tuple(s for s in self.sections if s.kind == "bouwsteen")

    @property
    def randvoorwaarden(self) -> tuple[Section, ...]:
        return tuple(s for s in self.sections if s.kind == "randvoorwaarde")

    def section(self, id_or_slug: str) -> Section:
        """The section with this id (`b1`) or slug (`opstellen-regioplan`); KeyError if unknown."""
        for s in self.sections:
            if id_or_slug in (s.id, s.slug):
                return s
        raise KeyError(id_or_slug)

    def find_question(self, qid: str) -> tuple[Section, Question]:
        """The section holding question `qid`, and the question; KeyError if unknown."""
        for s in self.sections:
            for q in s.questions:
                if q.id == qid:
                    return s, q
        raise KeyError(qid)

    def find_checklist_item(self, item_id: str) -> tuple[Section, ChecklistItem]:
        for s in self.sections:
            for item in s.checklist:
                if item.id == item_id:
                    return s, item
        raise KeyError(item_id)

