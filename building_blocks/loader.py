"""Load and validate one content version from `content/<version>/`.

Every problem becomes one message `<file>:<line>: <path>: <what is wrong>`, for example
`sections/02-automatisering-en-informatisering.yaml:41: pages[1].questions[3].show_if.question: unknown
question 'b2_x' ...`. All messages of a version are collected before `ContentError` is raised.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from . import checks
from .schema import Content, Migration, Section, Source, Term, VersionEntry, VersionRules
from .yamlfile import Loc, YamlError, YamlFile, read_yaml

CONTENT_ROOT = Path(__file__).parent / "content"
VERSIONS_FILE = "versions.yaml"
VERSION_RE = re.compile(r"^\d{4}\.\d+$")

_terms = TypeAdapter(tuple[Term, ...])
_versions = TypeAdapter(tuple[VersionEntry, ...])


class ContentError(Exception):
    """Invalid content; `messages` holds one line per problem and `str(err)` lists them all."""

    def __init__(self, messages: list[str]) -> None:
        self.messages = list(messages)
        super().__init__("\n".join(self.messages))


@dataclass
class _Report:
    """Collects the messages of one load, each tied to a file and a path inside it."""

    messages: list[str] = field(default_factory=list)

    def add(self, file: str, loc: Loc, message: str, yaml_file: YamlFile | None = None) -> None:
        line = yaml_file.line_of(loc) if yaml_file is not None else None
        where = f"{file}:{line}" if line is not None else file
        path = format_loc(loc)
        self.messages.append(f"{where}: {path}: {message}" if path else f"{where}: {message}")

    def add_validation(self, file: str, err: ValidationError, yaml_file: YamlFile, prefix: Loc = ()) -> None:
        errors = err.errors()
        # pydantic counts only the valid items of a list for min_length; a broken item is enough to report.
        broken_lists = {tuple(e["loc"][:i]) for e in errors for i, part in enumerate(e["loc"]) if isinstance(part, int)}
        for error in errors:
            if error["type"] == "too_short" and tuple(error["loc"]) in broken_lists:
                continue
            loc, message = _describe(error)
            self.add(file, prefix + loc, message, yaml_file)


def format_loc(loc: Loc) -> str:
    """`("pages", 1, "questions", 3, "id")` -> `pages[1].questions[3].id`."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _describe(error: Any) -> tuple[Loc, str]:
    """Turn one pydantic error into a path and a message an editor understands."""
    loc: Loc = tuple(error["loc"])
    kind, ctx, value = error["type"], error.get("ctx") or {}, error.get("input")
    if kind == "content":
        return (loc + (ctx["key"],) if "key" in ctx else loc), ctx.get("message", error["msg"])
    if kind == "extra_forbidden":
        return loc, f"unknown key '{loc[-1]}'"
    if kind == "missing":
        return loc, f"required key '{loc[-1]}' is missing"
    if kind == "string_too_short" and ctx.get("min_length") == 1:
        return loc, "must not be empty"
    if kind == "too_short":
        return loc, f"needs at least {ctx['min_length']} item(s), found {ctx['actual_length']}"
    if kind == "too_long":
        return loc, f"allows at most {ctx['max_length']} item(s), found {ctx['actual_length']}"
    if kind in ("literal_error", "string_pattern_mismatch", "string_type", "int_parsing", "float_parsing",
                "bool_parsing", "int_from_float", "greater_than", "greater_than_equal", "less_than_equal"):
        return loc, f"{error['msg']}, found {value!r}"
    return loc, error["msg"]


def read_versions(root: Path = CONTENT_ROOT) -> tuple[str, ...]:
    """The registered versions, oldest first; every one must have a folder next to versions.yaml."""
    report = _Report()
    try:
        yaml_file = read_yaml(root / VERSIONS_FILE)
    except YamlError as err:
        report.add(VERSIONS_FILE, (), err.message, YamlFile(None, {(): err.line} if err.line else {}))
        raise ContentError(report.messages) from None
    try:
        entries = _versions.validate_python(yaml_file.data)
    except ValidationError as err:
        report.add_validation(VERSIONS_FILE, err, yaml_file)
        raise ContentError(report.messages) from None
    if not entries:
        report.add(VERSIONS_FILE, (), "no versions registered", yaml_file)
    seen: set[str] = set()
    for i, entry in enumerate(entries):
        if entry.version in seen:
            report.add(VERSIONS_FILE, (i, "version"), f"duplicate version '{entry.version}'", yaml_file)
        elif not (root / entry.version).is_dir():
            report.add(VERSIONS_FILE, (i, "version"), f"no folder for version '{entry.version}' "
                                                      f"(expected {root / entry.version})", yaml_file)
        seen.add(entry.version)
    if report.messages:
        raise ContentError(report.messages)
    return tuple(e.version for e in entries)


def resolve(path_or_version: str | Path, root: Path = CONTENT_ROOT) -> Path:
    """The folder of a registered version name such as "2026.1", or the given folder itself."""
    if isinstance(path_or_version, str) and VERSION_RE.match(path_or_version):
        if path_or_version in read_versions(root):
            return root / path_or_version
    elif Path(path_or_version).is_dir():
        return Path(path_or_version)
    raise ContentError([f"unknown content version or folder '{path_or_version}'"])


def load_content(path_or_version: str | Path) -> Content:
    """Load and validate one version (a registered version name or a folder); uncached."""
    folder = resolve(path_or_version)
    report = _Report()
    rules = _load_rules(folder, report)
    sources, source_keys = _load_sources(folder, report)
    glossary = _load_glossary(folder, report, source_keys)
    loaded = _load_sections(folder, report, source_keys, strict=rules == "strict")
    sections = tuple(sorted((s for _, s, _ in loaded), key=lambda s: s.order))
    if rules == "strict" and source_keys is not None:
        used = checks.cited_sources(sections, glossary)
        source_file = _read(folder, "sources.yaml", report)
        for loc, message in checks.check_sources_strict(sources, used):
            report.add("sources.yaml", loc, message, source_file)
    content = Content(version=folder.name, sections=sections, sources=sources, glossary=glossary, rules=rules)
    migration = _load_migration(folder, content, report)
    if report.messages:
        raise ContentError(report.messages)
    return Content(version=folder.name, sections=sections, sources=sources, glossary=glossary, rules=rules,
                   migration=migration)


RULES_FILE = "version.yaml"
MIGRATION_FILE = "migration.yaml"


def _load_rules(folder: Path, report: _Report) -> str:
    """`version.yaml` (optional): `rules: strict` turns on the sourcing rules of checks.check_*_strict."""
    if not (folder / RULES_FILE).is_file():
        return "basic"
    yaml_file = _read(folder, RULES_FILE, report)
    if yaml_file is None:
        return "basic"
    try:
        return VersionRules.model_validate(yaml_file.data).rules
    except ValidationError as err:
        report.add_validation(RULES_FILE, err, yaml_file)
        return "basic"


def _load_migration(folder: Path, content: Content, report: _Report) -> Migration | None:
    """`migration.yaml` (optional): maps every answer id of the previous version into this one."""
    if not (folder / MIGRATION_FILE).is_file():
        return None
    yaml_file = _read(folder, MIGRATION_FILE, report)
    if yaml_file is None:
        return None
    try:
        migration = Migration.model_validate(yaml_file.data)
    except ValidationError as err:
        report.add_validation(MIGRATION_FILE, err, yaml_file)
        return None
    previous = folder.parent / migration.from_version
    if migration.from_version == folder.name or not previous.is_dir():
        report.add(MIGRATION_FILE, ("from",), f"no previous version '{migration.from_version}' next to "
                                              f"{folder.name}", yaml_file)
        return None
    try:
        old = load_content(previous)
    except ContentError as err:
        report.add(MIGRATION_FILE, ("from",), f"previous version '{migration.from_version}' does not load "
                                              f"({len(err.messages)} problem(s))", yaml_file)
        return None
    if not content.sections:
        return migration
    for loc, message in checks.check_migration(migration, old, content):
        report.add(MIGRATION_FILE, loc, message, yaml_file)
    return migration


@cache
def _cached(version: str) -> Content:
    return load_content(version)


def get_content(version: str | None = None) -> Content:
    """The content of `version` (default: the current one), loaded once per process."""
    from . import CURRENT_VERSION  # read at import time of the package

    return _cached(version or CURRENT_VERSION)


def _read(folder: Path, name: str, report: _Report) -> YamlFile | None:
    try:
        return read_yaml(folder / name)
    except YamlError as err:
        report.add(name, (), err.message, YamlFile(None, {(): err.line} if err.line else {}))
        return None


def _load_sources(folder: Path, report: _Report) -> tuple[dict[str, Source], frozenset[str] | None]:
    """The valid sources, and every key in the file (None when the file itself is unusable)."""
    name = "sources.yaml"
    yaml_file = _read(folder, name, report)
    if yaml_file is None:
        return {}, None
    if not isinstance(yaml_file.data, dict):
        report.add(name, (), "must be a mapping of source keys to sources", yaml_file)
        return {}, None
    sources: dict[str, Source] = {}
    for key, body in yaml_file.data.items():
        if not isinstance(body, dict):
            report.add(name, (key,), "must be a mapping with at least a title", yaml_file)
            continue
        try:
            sources[key] = Source.model_validate({**body, "key": key})
        except ValidationError as err:
            report.add_validation(name, err, yaml_file, prefix=(key,))
    return sources, frozenset(str(key) for key in yaml_file.data)


def _load_glossary(folder: Path, report: _Report, source_keys: frozenset[str] | None) -> tuple[Term, ...]:
    name = "glossary.yaml"
    yaml_file = _read(folder, name, report)
    if yaml_file is None:
        return ()
    try:
        terms = _terms.validate_python(yaml_file.data)
    except ValidationError as err:
        report.add_validation(name, err, yaml_file)
        return ()
    for loc, message in checks.check_glossary(terms, source_keys):
        report.add(name, loc, message, yaml_file)
    return terms


def _load_sections(folder: Path, report: _Report, source_keys: frozenset[str] | None,
                   strict: bool = False) -> list[tuple[str, Section, YamlFile]]:
    loaded: list[tuple[str, Section, YamlFile]] = []
    for path in sorted((folder / "sections").glob("*.yaml")):
        name = f"sections/{path.name}"
        yaml_file = _read(folder, name, report)
        if yaml_file is None:
            continue
        try:
            section = Section.model_validate(yaml_file.data)
        except ValidationError as err:
            report.add_validation(name, err, yaml_file)
            continue
        _check_file_name(path.name, name, section, report, yaml_file)
        for loc, message in checks.check_section(section, source_keys):
            report.add(name, loc, message, yaml_file)
        if strict:
            for loc, message in checks.check_section_strict(section):
                report.add(name, loc, message, yaml_file)
        loaded.append((name, section, yaml_file))
    if not loaded and not report.messages:
        report.add("sections", (), "no section files found")
    _check_unique_across_sections(loaded, report)
    files = {id(section): (name, yaml_file) for name, section, yaml_file in loaded}
    sections = tuple(s for _, s, _ in loaded)
    for section, loc, message in checks.check_shows(sections) + checks.check_references(sections):
        name, yaml_file = files[id(section)]
        report.add(name, loc, message, yaml_file)
    return loaded


def _check_file_name(file_name: str, name: str, section: Section, report: _Report, yaml_file: YamlFile) -> None:
    expected = f"{section.order:02d}-{section.slug}.yaml"
    if file_name != expected:
        report.add(name, ("slug",), f"file name must be '{expected}' (number {section.order:02d} for "
                                    f"{section.label}, then the slug)", yaml_file)


def _check_unique_across_sections(loaded: list[tuple[str, Section, YamlFile]], report: _Report) -> None:
    """Section ids and slugs, question ids and checklist ids are unique across all sections."""
    first: dict[tuple[str, str], tuple[str, Loc]] = {}

    def claim(kind: str, value: str, name: str, loc: Loc, yaml_file: YamlFile) -> None:
        if (kind, value) in first:
            owner, owner_loc = first[(kind, value)]
            report.add(name, loc, f"duplicate {kind} '{value}' (first used in {owner} at "
                                  f"{format_loc(owner_loc)})", yaml_file)
        else:
            first[(kind, value)] = (name, loc)

    for name, section, yaml_file in loaded:
        claim("section id", section.id, name, ("id",), yaml_file)
        claim("slug", section.slug, name, ("slug",), yaml_file)
        for i, page in enumerate(section.pages):
            for j, question in enumerate(page.questions):
                claim("question id", question.id, name, ("pages", i, "questions", j, "id"), yaml_file)
                if question.meaning is not None:  # one home question per fact; the others `shows` it
                    claim("meaning", question.meaning, name, ("pages", i, "questions", j, "meaning"), yaml_file)
        for i, item in enumerate(section.checklist):
            claim("checklist id", item.id, name, ("checklist", i, "id"), yaml_file)
