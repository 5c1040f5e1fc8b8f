"""The content of Regioplan: bouwstenen, randvoorwaarden, sources and glossary, validated on load.

This package imports neither Flask nor SQLAlchemy (dependency rule `building_blocks -> plans -> webapp`).
"""

from .loader import CONTENT_ROOT, ContentError, get_content, load_content, read_versions
from .schema import (
    ACTION_COLUMNS,
    OTHER_VALUE,
    ChecklistItem,
    Column,
    Condition,
    Content,
    GoodPractice,
    Level,
    Option,
    Page,
    Question,
    Section,
    Source,
    Term,
)

VERSIONS = read_versions()
CURRENT_VERSION = VERSIONS[-1]

__all__ = [
    "ACTION_COLUMNS", "CONTENT_ROOT", "CURRENT_VERSION", "OTHER_VALUE", "VERSIONS", "ChecklistItem", "Column",
    "Condition", "Content", "ContentError", "GoodPractice", "Level", "Option", "Page", "Question", "Section",
    "Source", "Term", "get_content", "load_content", "read_versions",
]
