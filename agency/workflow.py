"""Status changes as a table: each step, the states it may start from, where it leads,
and the rule that says who may take it. Client requests use it for triage; the brief
lifecycle follows the same shape.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Step:
    name: str
    sources: frozenset[str]
    target: str
    label: str | Promise
    rule: str  # the permission (agency/permissions.py) asked of whoever takes the step


class Workflow:
    def __init__(self, *steps: Step):
        self.steps = {step.name: step for step in steps}

    def __getitem__(self, name: str) -> Step:
        return self.steps[name]

    def available(self, status: str) -> list[Step]:
        """The steps that may start from `status`, in the table's order."""
        return [step for step in self.steps.values() if status in step.sources]

    def check(self, name: str, status: str, *, status_label: str) -> Step:
        """The step `name`, if it may start from `status`; a ValidationError says why not."""
        step = self.steps[name]
        if status not in step.sources:
            raise ValidationError(
                _("This is already %(status)s.") % {"status": status_label}, code="illegal_step"
            )
        return step
