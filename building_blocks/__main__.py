"""Developer CLI: `python -m building_blocks check [--version V] [--path DIR]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .loader import CONTENT_ROOT, VERSIONS_FILE, ContentError, load_content, read_versions
from .schema import Content

HEADINGS = ("Onderdeel", "Titel", "Vragen", "Checklist", "Niveaus", "Voorbeelden", "Bronnen")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m building_blocks", description="Controleer de inhoud.")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="valideer de inhoud en toon een overzicht")
    check.add_argument("--version", help="alleen deze geregistreerde versie (standaard: alle versies)")
    check.add_argument("--path", type=Path, help="een versiemap, of een inhoudsmap met versions.yaml")
    args = parser.parse_args(argv)
    return run_check(args.version, args.path)


def run_check(version: str | None, path: Path | None) -> int:
    root = CONTENT_ROOT
    if path is not None and not (path / VERSIONS_FILE).is_file():
        targets: list[str | Path] = [path]
    else:
        root = path or CONTENT_ROOT
        try:
            versions = read_versions(root)
        except ContentError as err:
            return _fail(err.messages)
        if version is not None and version not in versions:
            return _fail([f"{VERSIONS_FILE}: unknown version '{version}' (known: {', '.join(versions)})"])
        targets = [root / v for v in ([version] if version else versions)]
    errors: list[str] = []
    for target in targets:
        try:
            print_summary(load_content(target))
        except ContentError as err:
            errors += [f"[{Path(target).name}] {m}" for m in err.messages]
    return _fail(errors) if errors else 0


def _fail(messages: list[str]) -> int:
    print(f"FOUT: {len(messages)} probleem/problemen in de inhoud:", file=sys.stderr)
    for message in messages:
        print(f"  {message}", file=sys.stderr)
    return 1


def print_summary(content: Content) -> None:
    rows = [(s.id, s.title, len(s.questions), len(s.checklist), len(s.levels), len(s.good_practices),
             len(s.sources)) for s in content.sections]
    totals = ("Totaal", f"{len(rows)} onderdelen", *(sum(r[i] for r in rows) for i in range(2, 7)))
    table = [HEADINGS, *rows, totals]
    widths = [max(len(str(row[i])) for row in table) for i in range(len(HEADINGS))]

    def line(row: tuple) -> str:
        return "  ".join(str(v).ljust(w) if i < 2 else str(v).rjust(w) for i, (v, w) in enumerate(zip(row, widths, strict=False)))

    print(f"Inhoudsversie {content.version}: OK")
    print(line(HEADINGS))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print(line(row))
    print("  ".join("-" * w for w in widths))
    print(line(totals))
    print(f"Begrippenlijst: {len(content.glossary)} termen; bronnenlijst: {len(content.sources)} bronnen")
    print(f"Regels: {'strikt (bronnen, betekenissen, migratietabel)' if content.rules == 'strict' else 'basis'}")
    if content.migration is not None:
        moves = [m for table in ("questions", "checklist", "levels") for m in getattr(content.migration, table).values()]
        kinds = ", ".join(f"{kind} {sum(m.kind == kind for m in moves)}"
                          for kind in ("kept", "renamed", "merged", "split", "removed"))
        print(f"Migratietabel vanaf {content.migration.from_version}: {len(moves)} ids ({kinds})")


if __name__ == "__main__":
    sys.exit(main())
