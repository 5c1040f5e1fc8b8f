"""What every wizard page is: the keys it edits, its form, and how its values are read back."""
from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, ClassVar

from werkzeug.datastructures import MultiDict

from building_blocks.schema import Question, Section
from plans.writing.sections import Step, StepKind


@dataclass
class WizardPage(ABC):
    """One page of the wizard for one kind of step; each kind has its own subclass and template partial."""

    kind: ClassVar[StepKind]
    partial: ClassVar[str]  # the template that renders the page's fields inside step.html

    section: Section
    step: Step
    form: Any
    shown: tuple[Question, ...] = ()  # the questions shown on a question page

    @classmethod
    @abstractmethod
    def build(cls, section: Section, step: Step, values: dict[str, Any], *, formdata: MultiDict | None = None,
              shown_ids: list[str] | None = None, add_row: str | None = None) -> WizardPage:
        """The page with its form, filled from `formdata` (a post or a draft) or else from saved values."""

    @classmethod
    def show(cls, section: Section, step: Step, values: dict[str, Any]) -> WizardPage:
        """The page as a GET shows it from the saved values (no draft): the built page unless a kind has a
        cheaper way to show the same markup."""
        return cls.build(section, step, values)

    @property
    @abstractmethod
    def keys(self) -> list[str]:
        """Every answer key the page edits."""

    @abstractmethod
    def values(self) -> dict[str, Any]:
        """The posted values by answer key."""

    @abstractmethod
    def valid_values(self) -> dict[str, Any]:
        """Values of the fields without errors: what can be kept when a page has problems."""

    @classmethod
    def reads(cls, section: Section, step: Step) -> list[str] | None:
        """The saved answers the page and its template read when it is shown (None: all of them)."""
        return None

    @classmethod
    def reads_when_posted(cls, step: Step, shown_ids: list[str] | None) -> list[str] | None:
        """The saved answers `build` reads for a posted page (None: all of them), so a save reads no more."""
        return None

    def check(self, require_answers: bool) -> bool:
        return self.form.validate()


def filled_form(form_class, formdata: MultiDict | None, data: dict[str, Any]):
    """A form from posted data when there is any, else from the saved values.

    The form checks no CSRF token itself: the wizard's route checks it (`checks_csrf`) before a page is built,
    and a draft reopened from the database has no token (it showed "The CSRF token is missing.").
    """
    meta = {"csrf": False}
    if formdata is not None:
        return form_class(formdata=formdata, meta=meta)
    return form_class(formdata=None, data=data, meta=meta)
