"""Who hears about a round of client feedback, and why: the routing rules as a table.

Each rule names who it reaches and when it applies. A recipient reached by several
rules is routed to once, with every reason that chose them. Adding a rule is one more
line in `RULES`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from accounts import health
from accounts.selectors import included_rounds as account_included_rounds
from agency.models import User

from .models import CreativeTeam, Feedback, FeedbackRouting
from .selectors import account_managers


def _owner(feedback):
    return [feedback.brief.owner]


def _creative_team(feedback):
    team = feedback.brief.creative_team
    return [team] if team is not None and team.is_active else []


def _planner(feedback):
    planner = feedback.brief.planner
    return [planner] if planner is not None else []


def _managers(feedback):
    return account_managers(feedback.brief.account_id)


def _directors(feedback):
    return list(User.objects.directors())


def _turns_red(feedback):
    return health.turns_red(feedback.brief.account_id, since=feedback.created_at)


def included_rounds(feedback) -> int:
    """The revision rounds included per job: the account's contract says."""
    return account_included_rounds(feedback.brief.account_id)


def _always(feedback):
    return True


def _about_strategy(feedback):
    return Feedback.Topic.STRATEGY in feedback.topics


def _rejected(feedback):
    return feedback.verdict == Feedback.Verdict.REJECTED


def _negative(feedback):
    return feedback.sentiment == Feedback.Sentiment.NEGATIVE


def _third_round_or_later(feedback):
    return feedback.round >= 3


def _beyond_included(feedback):
    return feedback.round > included_rounds(feedback)


@dataclass(frozen=True)
class Rule:
    who: Callable[[Feedback], list[Any]]
    when: Callable[[Feedback], bool]
    reason: str  # a FeedbackRouting.Reason: stored, and shown in the reader's language


Reason = FeedbackRouting.Reason
RULES = (
    Rule(_owner,         _always,                Reason.OWNER),
    Rule(_creative_team, _always,                Reason.CREATIVE_TEAM),
    Rule(_planner,       _about_strategy,        Reason.STRATEGY),
    Rule(_planner,       _rejected,              Reason.REJECTED),
    Rule(_managers,      _negative,              Reason.NEGATIVE),
    Rule(_managers,      _rejected,              Reason.REJECTED),
    Rule(_managers,      _third_round_or_later,  Reason.THIRD_ROUND),
    Rule(_managers,      _beyond_included,       Reason.BEYOND_INCLUDED),
    Rule(_directors,     _turns_red,             Reason.TURNS_RED),
)  # fmt: skip


@dataclass
class Recipient:
    key: str  # "user:<id>" or "team:<id>"
    person: Any  # a User or a CreativeTeam
    reasons: list[str]  # FeedbackRouting.Reason values


def recipients_of(feedback: Feedback) -> list[Recipient]:
    """Everyone the rules reach for `feedback`, each once, with the reasons in words."""
    found: dict[str, Recipient] = {}
    people = {}  # each `who` asked once, however many rules name it
    for rule in RULES:
        if not rule.when(feedback):
            continue
        if rule.who not in people:
            people[rule.who] = rule.who(feedback)
        for person in people[rule.who]:
            kind = "team" if isinstance(person, CreativeTeam) else "user"
            key = f"{kind}:{person.pk}"
            recipient = found.setdefault(key, Recipient(key, person, []))
            if rule.reason not in recipient.reasons:
                recipient.reasons.append(rule.reason)
    return list(found.values())
