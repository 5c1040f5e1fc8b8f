"""The PDF from parts: every chapter starts on a new page, so each is laid out on its own and kept.

A re-render lays out only the parts whose HTML changed and writes the PDF once from all pages, so page
numbers, the contents, links, bookmarks, tags and PDF/A come out as from a single pass (WeasyPrint's
`Document.copy` takes pages of several documents). The template marks where a part begins (PART_MARKER,
which typed text cannot produce: it is escaped). A part's layout depends on its HTML, on the page it starts
on and on the document's page count; the page count of a part does not depend on its page numbers, so a
re-render keeps the counts of the last render of the same document and checks them: when a changed part
came out longer or shorter, the whole document is laid out again in one pass.

This runs in the render process (plans.documents.pdf_process), which keeps a PartCache across renders.
"""
from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import accumulate

PART_MARKER = "<!-- regioplan:part -->"
BODY_OPEN = re.compile(r"<body\b[^>]*>")
FIRST_ID = re.compile(r'\s*<[a-z]+ id="([A-Za-z0-9_-]+)"')
TOC_LINK = re.compile(r'<a href="#([A-Za-z0-9_-]+)"')
META = re.compile(r"<meta\b[^>]*>")
# The footer of plan.css with the document's page count written out (its words come from <body>): a part on its own cannot count the
# pages of the others. tests/plans/test_pdf_assembly.py compares the text with a single-pass render.
FOOTER = '@page {{ @bottom-right {{ content: string(pageword) " " counter(page) " " string(ofword) " {total}"; }} }}'


@dataclass(frozen=True)
class Split:
    prefix: str  # everything up to and including <body ...>
    parts: list[str]
    suffix: str = "</body></html>"

    def document(self, index: int, extra_css: str = "") -> str:
        prefix = self.prefix.replace("</head>", f"<style>{extra_css}</style></head>", 1) if extra_css else self.prefix
        return prefix + self.parts[index] + self.suffix


def split_parts(html: str) -> Split | None:
    """The document's parts, or None when it has no marked parts."""
    body = BODY_OPEN.search(html)
    if body is None or PART_MARKER not in html:
        return None
    end = html.rfind("</body>")
    parts = html[body.end():end].split(PART_MARKER)
    return Split(html[:body.end()], parts)


def first_anchor(part: str) -> str | None:
    """The id a part begins with (its chapter), by which its first page is found in a single-pass render."""
    found = FIRST_ID.match(part)
    return found.group(1) if found else None


@dataclass
class LaidOut:
    pages: list  # weasyprint Page objects
    start: int  # the number of its first page
    total: int  # the document's page count it was numbered with


@dataclass
class Report:
    """What a render did: for the tests and the benchmark."""
    parts: int = 0
    laid_out: list[int] = field(default_factory=list)  # the parts laid out anew (indexes)
    single_pass: bool = False

    def summary(self) -> str:
        if self.single_pass:
            return "laid out in one pass" + (f" ({self.parts} chapters kept for the next render)" if self.parts else "")
        return f"laid out {len(self.laid_out)} of {self.parts} chapters anew"


class PartCache:
    """The laid-out parts of recent renders, least recently used dropped first, bounded in pages."""

    def __init__(self, max_pages: int = 400):  # about 0.4 MB a page: some 150 MB
        self.max_pages = max_pages
        self.pages = 0  # the pages kept
        self._parts: OrderedDict[tuple[str, int, int], LaidOut] = OrderedDict()  # (key, start, total) -> layout
        self._counts: OrderedDict[str, int] = OrderedDict()  # content key -> page count, however numbered
        self._documents: OrderedDict[str, list[str]] = OrderedDict()  # document -> its parts' content keys

    def get(self, key: str, start: int, total: int) -> LaidOut | None:
        found = self._parts.get((key, start, total))
        if found is not None:
            self._parts.move_to_end((key, start, total))
        return found

    def put(self, key: str, laid_out: LaidOut) -> None:
        replaced = self._parts.pop((key, laid_out.start, laid_out.total), None)
        self.pages += len(laid_out.pages) - (len(replaced.pages) if replaced else 0)
        self._parts[key, laid_out.start, laid_out.total] = laid_out
        self.note_count(key, len(laid_out.pages))
        while self.pages > self.max_pages and len(self._parts) > 1:
            self.pages -= len(self._parts.popitem(last=False)[1].pages)

    def note_count(self, key: str, count: int) -> None:
        """Only the page count: for a part that is laid out anew every time (the cover, with its date)."""
        self._counts[key] = count
        self._counts.move_to_end(key)
        while len(self._counts) > 8 * self.max_pages:
            self._counts.popitem(last=False)

    def count(self, key: str) -> int | None:
        return self._counts.get(key)

    def last_render(self, document: str) -> list[str] | None:
        return self._documents.get(document)

    def remember(self, document: str, keys: list[str]) -> None:
        self._documents[document] = keys
        self._documents.move_to_end(document)
        while len(self._documents) > 64:
            self._documents.popitem(last=False)


def content_keys(split: Split, salt: str) -> list[str]:
    """What each part's layout depends on besides its numbering: its HTML, the stylesheet and the uploads.

    The head's meta tags (the creation time among them) are left out: they do not change the layout.
    """
    common = hashlib.sha256(f"{salt}\x1f{META.sub('', split.prefix)}\x1f".encode())
    keys = []
    for part in split.parts:
        digest = common.copy()
        digest.update(part.encode())
        keys.append(digest.hexdigest())
    return keys


def numbering_css(start: int, total: int, toc: dict[str, int] | None = None) -> str:
    css = [FOOTER.format(total=total)]
    if start != 1:
        css.append(f"@page :first {{ counter-reset: page {start}; }}")
    for anchor, number in (toc or {}).items():  # anchors are matched by FIRST_ID/TOC_LINK: [A-Za-z0-9_-]
        css.append(f'.toc a[href="#{anchor}"]::after {{ content: leader(".") "{number}"; }}')
    return "\n".join(css)


def assemble(html: str, *, layout: Callable[[str], object], write: Callable[[object], bytes],
             cache: PartCache, document: str | None, salt: str = "") -> tuple[bytes, Report]:
    """The PDF of `html`, reusing the laid-out parts in `cache` from earlier renders of `document`.

    `layout(html)` returns a weasyprint Document, `write(document)` its PDF bytes; `salt` is whatever else
    the layout depends on (the uploads' digests).
    """
    split = split_parts(html)
    if split is None or document is None:
        return write(layout(html)), Report(single_pass=True)
    keys = content_keys(split, salt)
    counts = _known_counts(cache, document, keys)
    if counts is not None:
        assembled = _from_parts(split, keys, counts, layout, cache)
        if assembled is not None:
            first, every_page, report = assembled
            cache.remember(document, keys)
            return write(first.copy(every_page)), report
    whole = layout(html)
    _keep_parts(whole, split, keys, cache, document)
    return write(whole), Report(parts=len(keys), laid_out=list(range(len(keys))), single_pass=True)


def _from_parts(split: Split, keys: list[str], counts: list[int], layout, cache: PartCache):
    """The first part's Document and every page, laying out only the parts not kept with this numbering;
    None when a part laid out anew has another page count than it had (the numbering moved)."""
    starts, total = _numbering(counts)
    report = Report(parts=len(keys), laid_out=[0])  # the first part: always new, it holds the render's date
    parts: dict[int, LaidOut] = {}
    for index in range(1, len(keys)):
        parts[index] = cache.get(keys[index], starts[index], total)
        if parts[index] is None:
            pages = layout(split.document(index, numbering_css(starts[index], total))).pages
            if len(pages) != counts[index]:
                return None
            parts[index] = LaidOut(pages, starts[index], total)
            report.laid_out.append(index)
    first = layout(split.document(0, numbering_css(1, total, _toc_numbers(split.parts[0], parts))))
    if len(first.pages) != counts[0]:
        return None
    for index in report.laid_out[1:]:
        cache.put(keys[index], parts[index])
    cache.note_count(keys[0], len(first.pages))
    return first, list(first.pages) + [page for index in sorted(parts) for page in parts[index].pages], report


def _keep_parts(whole, split: Split, keys: list[str], cache: PartCache, document: str) -> None:
    """Keep the pages of a single-pass layout per part, found by the anchor each part begins with."""
    total = len(whole.pages)
    firsts = [0]
    for part in split.parts[1:]:
        anchor = first_anchor(part)
        firsts.append(next((n for n, page in enumerate(whole.pages) if anchor and anchor in page.anchors), None))
    if None in firsts or firsts != sorted(firsts):
        return
    ends = [*firsts[1:], total]
    cache.note_count(keys[0], ends[0])  # the first part is laid out anew every time: its count is enough
    for index in range(1, len(keys)):
        cache.put(keys[index], LaidOut(whole.pages[firsts[index]:ends[index]], firsts[index] + 1, total))
    cache.remember(document, keys)


def _known_counts(cache: PartCache, document: str, keys: list[str]) -> list[int] | None:
    """Each part's page count, from this render's cache or from the same document's last render; None
    when the document is new, changed shape, or most of it changed (then one pass is cheaper)."""
    previous = cache.last_render(document)
    if previous is None or len(previous) != len(keys):
        return None
    counts, changed = [], 0
    for key, before in zip(keys, previous, strict=True):
        count = cache.count(key) or cache.count(before)  # a changed part: as long as it was, checked after
        if count is None:
            return None
        changed += key != before
        counts.append(count)
    return counts if changed * 2 <= len(keys) else None


def _numbering(counts: list[int]) -> tuple[list[int], int]:
    """Each part's first page number, and the document's page count."""
    firsts = list(accumulate(counts, initial=1))
    return firsts[:-1], firsts[-1] - 1


def _toc_numbers(first_part: str, parts: dict[int, LaidOut]) -> dict[str, int]:
    """The page of every anchor the contents link to, found in the parts' laid-out pages."""
    wanted = set(TOC_LINK.findall(first_part))
    numbers = {}
    for part in parts.values():
        for offset, page in enumerate(part.pages):
            for anchor in wanted & page.anchors.keys():
                numbers.setdefault(anchor, part.start + offset)
    return numbers
