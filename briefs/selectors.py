"""Reads with rules for client requests and briefs."""

import difflib
from dataclasses import dataclass

from django.db.models import Prefetch

from accounts.models import Account, AccountMembership
from agency.models import User

from .models import Brief, BriefStep, BriefVersion, FeedbackRouting


class Sight:
    """Who may see which account now, asked once per person for a whole run of a job.

    Recipients are checked when a notification is made, not when the list of them was
    first drawn up: someone taken off an account's team is no longer told about it.
    """

    def __init__(self):
        self._seen: dict[int, set[int] | None] = {}

    def sees(self, person: User, account_id: int) -> bool:
        if not person.is_active:
            return False
        if person.pk not in self._seen:
            self._seen[person.pk] = (
                None
                if person.sees_every_account
                else set(Account.objects.visible_to(person).values_list("pk", flat=True))
            )
        seen = self._seen[person.pk]
        return seen is None or account_id in seen

    def who(self, account_id: int, people) -> list[User]:
        """Those of `people` (None stands for nobody) who may still see the account."""
        return [person for person in people if person is not None and self.sees(person, account_id)]


def sees_account(person: User, account_id: int) -> bool:
    """Whether `person` may still see the account: one question for one person."""
    return person.is_active and Account.objects.visible_to(person).filter(pk=account_id).exists()


def brief_approvers(brief) -> list[User]:
    """Who is asked to approve a brief: the managers and directors on its account's team
    (by staff role, the one the approval rule asks), never its owner; without one, the
    first manager or director up the owner's reporting line."""
    team = AccountMembership.objects.of(brief.account_id).current().people()
    approvers = list(
        team.filter(role__in=(User.Role.MANAGER, User.Role.DIRECTOR)).exclude(pk=brief.owner_id)
    )
    boss = brief.owner.reports_to if brief.owner_id else None
    while not approvers and boss is not None:
        if boss.is_active and boss.role in (User.Role.MANAGER, User.Role.DIRECTOR):
            approvers = [boss]
        boss = boss.reports_to
    return approvers


def account_managers(account_id: int) -> list[User]:
    """The account's current managers, who hear about what needs their attention."""
    team = AccountMembership.objects.of(account_id).current().managers()
    return list(team.people())


# The brief's page shows the latest rounds of feedback; `?rounds=all` shows them all.
ROUNDS_SHOWN = 10


def brief_page(brief, *, all_rounds: bool = False):
    """What the brief's page shows besides the brief: deliverables, feedback rounds with
    their routings, the steps taken and the versions, each in one query."""
    rounds = (
        brief.feedback.select_related("contact", "logged_by", "acknowledged_by")
        .prefetch_related(Prefetch("routings", FeedbackRouting.objects.order_by("pk")))
        .order_by("-round")
    )
    return {
        "deliverables": list(brief.deliverables.all()),
        "feedback": list(rounds if all_rounds else rounds[:ROUNDS_SHOWN]),
        "rounds_hidden": 0 if all_rounds else max(0, brief.feedback_rounds - ROUNDS_SHOWN),
        "steps_taken": list(
            BriefStep.objects.filter(brief=brief).select_related("by").order_by("-at", "-pk")[:50]
        ),
        "versions": list(
            BriefVersion.objects.filter(brief=brief)
            .select_related("submitted_by")
            .defer("sections")
            .order_by("-number")
        ),
    }


@dataclass
class SectionChange:
    label: str
    parts: list[tuple[str, str]]  # ("same" | "removed" | "added", words)


def version_changes(older: BriefVersion, newer: BriefVersion) -> list[SectionChange]:
    """What changed in each section from `older` to `newer`, word by word."""
    changes = []
    for name in Brief.SECTIONS:
        before = (older.sections.get(name) or "").split(" ")
        after = (newer.sections.get(name) or "").split(" ")
        if before == after:
            continue
        parts = []
        matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
        for op, a1, a2, b1, b2 in matcher.get_opcodes():
            if op == "equal":
                parts.append(("same", " ".join(before[a1:a2])))
                continue
            if a2 > a1:
                parts.append(("removed", " ".join(before[a1:a2])))
            if b2 > b1:
                parts.append(("added", " ".join(after[b1:b2])))
        changes.append(SectionChange(str(Brief._meta.get_field(name).verbose_name), parts))
    return changes
