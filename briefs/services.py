"""Writes for client requests and briefs: intake, triage, the brief lifecycle,
feedback rounds and their routing, and the reminders about them."""

import logging
import uuid
from datetime import date, datetime, timedelta
from decimal import Decimal
from email.utils import parseaddr
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Account, AccountMembership
from agency.dates import working_days_after, working_days_before
from agency.edits import lock_for_edit, save_edit
from agency.models import User
from agency.permissions import MANAGERS
from agency.services import notify
from clients.models import Contact

from .models import (
    Brief,
    BriefStep,
    BriefVersion,
    ClientRequest,
    CreativeTeam,
    Deliverable,
    Feedback,
    FeedbackRouting,
)
from .routing import included_rounds, recipients_of
from .selectors import Sight, account_managers, brief_approvers, sees_account

logger = logging.getLogger(__name__)


def request_log(
    *,
    by: User,
    account: Account,
    title: str,
    contact: Contact | None = None,
    channel: str = ClientRequest.Channel.EMAIL,
    details: str = "",
    wanted_by: date | None = None,
    budget_hint: Decimal | None = None,
    priority: str = ClientRequest.Priority.NORMAL,
    intake_token: uuid.UUID | None = None,
) -> ClientRequest:
    """Log a client request; the person who logs it owns it until triage.

    The intake form carries a one-time token: a double submit returns the request the
    first submit made instead of logging a twin.
    """
    request = ClientRequest(
        account=account,
        title=title,
        contact=contact,
        channel=channel,
        details=details,
        wanted_by=wanted_by,
        budget_hint=budget_hint,
        priority=priority,
        intake_token=intake_token,
        logged_by=by,
        owner=by,
    )
    request._history_user = by
    try:
        with transaction.atomic():
            request.save()
            if request.priority == ClientRequest.Priority.HIGH:
                for manager in account_managers(request.account_id):
                    if manager.pk == by.pk:
                        continue
                    notify(
                        recipient=manager,
                        kind="request.high_priority",
                        target=request,
                        message=_("High-priority request on %(account)s: %(title)s"),
                        reason=_("You manage %(account)s."),
                        params={"account": request.account, "title": request.title},
                    )
    except IntegrityError:
        if intake_token is None:
            raise
        return ClientRequest.objects.get(intake_token=intake_token)
    return request


@transaction.atomic
def request_edit(*, request: ClientRequest, by: User, version: str, fields) -> ClientRequest:
    """Save the changed `fields` of an open request: row lock and version check first
    (`agency.edits`). Only those columns are written: the reminder job's claim, made
    meanwhile without a new version, stays."""
    lock_for_edit(request, version=version)
    status = ClientRequest.objects.filter(pk=request.pk).values_list("status", flat=True).get()
    if status not in ClientRequest.OPEN:
        raise ValidationError(_("Only open requests can be edited."), code="closed")
    if not by.has_perm("briefs.edit_request", request):
        raise PermissionDenied
    save_edit(request, fields=fields, by=by)
    return request


@transaction.atomic
def request_triage(*, request: ClientRequest, step: str, by: User, **changes) -> ClientRequest:
    """Take one triage step (`ClientRequest.TRIAGE`): accept, decline or done.

    The row lock makes two people triaging at once yield one decision: the second finds
    the step no longer allowed.
    """
    locked = ClientRequest.objects.select_for_update(of=("self",)).get(pk=request.pk)
    taken = ClientRequest.TRIAGE.check(
        step, locked.status, status_label=locked.get_status_display()
    )
    if not by.has_perm(taken.rule, locked):
        raise PermissionDenied
    owner = changes.get("owner")
    if owner is not None:
        team = AccountMembership.objects.of(locked.account_id).current()
        if not team.filter(user=owner).exists():
            raise ValidationError(_("The owner must be on the account's team."))
        locked.owner = owner
    if step == "decline":
        locked.decline_reason = changes["reason"].strip()
    locked.status = taken.target
    locked.triaged_by, locked.triaged_at = by, timezone.now()
    locked._history_user = by
    locked.save(
        update_fields=[
            "status", "owner", "decline_reason", "triaged_by", "triaged_at", "updated_at"
        ]
    )  # fmt: skip
    if owner is not None and owner.pk != by.pk:
        notify(
            recipient=owner,
            kind="request.assigned",
            target=locked,
            message=_("%(by)s made you the owner of “%(title)s”"),
            reason=_("You are the request's new owner."),
            params={"by": by, "title": locked.title},
        )
    return locked


def requests_remind_untriaged(*, now: datetime | None = None, working_days: int = 1) -> int:
    """Remind owners and managers of requests nobody triaged in time; return how many.

    Each request is claimed with a conditional update before anyone is reminded, so a
    run looks only at requests not reminded yet, and two runs at once remind once. Who
    is reminded is decided now: an owner taken off the account's team is not.
    """
    now = now or timezone.now()
    cutoff = working_days_before(timezone.localtime(now), working_days)
    due = ClientRequest.objects.filter(
        status=ClientRequest.Status.NEW, received_at__lt=cutoff, untriaged_reminded_at=None
    )
    sent, sight = 0, Sight()
    for request_id in list(due.order_by("received_at").values_list("pk", flat=True)[:500]):
        with transaction.atomic():
            if not due.filter(pk=request_id).update(untriaged_reminded_at=now):
                continue  # triaged or claimed meanwhile
            request = ClientRequest.objects.select_related("account", "owner").get(pk=request_id)
            people = {u.pk: u for u in account_managers(request.account_id)}
            if request.owner is not None:
                people[request.owner.pk] = request.owner
            for person in sight.who(request.account_id, people.values()):
                made = notify(
                    recipient=person,
                    kind="request.untriaged",
                    target=request,
                    message=_("Nobody has triaged “%(title)s” on %(account)s yet"),
                    reason=_("It has waited more than a working day for triage."),
                    params={"title": request.title, "account": request.account},
                )
                sent += made is not None
    return sent


# --- Briefs -------------------------------------------------------------------------

STRATEGY_REVIEW_FIELDS = frozenset(Brief.STRATEGY_SECTIONS)


def _brief_notify(brief: Brief, people, *, kind: str, message, reason, by: User, occasion=""):
    """Tell `people` (who may still see the account) about a step, never the one taking it."""
    for person in Sight().who(brief.account_id, people):
        if person is None or person.pk == by.pk:
            continue
        notify(
            recipient=person,
            kind=kind,
            target=brief,
            message=message,
            reason=reason,
            params={"title": brief.title, "by": by, "account": brief.account},
            occasion=occasion,
        )


def _check_team(brief_account_id: int, *, owner: User | None, planner: User | None) -> None:
    team = AccountMembership.objects.of(brief_account_id).current()
    errors = {}
    if owner is not None and (
        owner.role == User.Role.PLANNER or not team.filter(user=owner).exists()
    ):
        errors["owner"] = _("The owner must be an executive or above on the account's team.")
    if planner is not None and not team.filter(user=planner, role=User.Role.PLANNER).exists():
        errors["planner"] = _("The planner must be a planner on the account's team.")
    if errors:
        raise ValidationError(errors)


def _check_timing(values: dict, *, changed) -> None:
    """Dates that make sense: none newly set in the past; presentation before delivery."""
    today = timezone.localdate()
    errors = {}
    for name in Brief.TIMING:
        value = values.get(name)
        if name in changed and value is not None and value < today:
            errors[name] = _("This date is in the past. Pick today or later.")
    first, final = values.get("first_presentation"), values.get("final_delivery")
    if first and final and first > final:
        errors["first_presentation"] = _(
            "The first presentation must be on or before the final delivery."
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def brief_start(*, by: User, account: Account, title: str, owner: User | None = None,
                 request: ClientRequest | None = None, **fields) -> Brief:  # fmt: skip
    """Start a draft brief on `account`; the person who starts it owns it unless told."""
    if not by.has_perm("briefs.create_brief"):
        raise PermissionDenied
    owner = owner or by
    _check_team(account.pk, owner=owner, planner=fields.get("planner"))
    _check_timing(fields, changed=fields.keys())
    brief = Brief(account=account, title=title, owner=owner, request=request, **fields)
    brief._history_user = by
    brief.save()
    BriefStep.objects.create(
        brief=brief, step="create", from_status="", to_status=brief.status, by=by
    )
    if owner.pk != by.pk:
        _brief_notify(
            brief, [owner], kind="brief.owner", by=by,
            message=_("%(by)s made you the owner of the brief “%(title)s”"),
            reason=_("You own the brief."),
        )  # fmt: skip
    return brief


@transaction.atomic
def brief_from_request(*, request: ClientRequest, by: User) -> Brief:
    """Turn a client request into a draft brief, or find the one it became.

    The request's row lock makes two clicks at once make one brief. A new request is
    accepted, with the person who turned it into a brief as its owner.
    """
    locked = ClientRequest.objects.select_for_update(of=("self",)).get(pk=request.pk)
    existing = Brief.objects.filter(request=locked).first()
    if existing is not None:
        return existing
    if not locked.is_open:
        raise ValidationError(_("Only open requests can become a brief."), code="closed")
    if locked.status == ClientRequest.Status.NEW and not by.has_perm(
        "briefs.triage_request", locked
    ):
        raise ValidationError(
            _("This request is new: its owner or a manager accepts it first."), code="untriaged"
        )
    final_delivery = locked.wanted_by
    if final_delivery is not None and final_delivery < timezone.localdate():
        final_delivery = None  # a date gone by is no plan; the owner sets a new one
    brief = brief_start(
        by=by,
        account=locked.account,
        title=locked.title,
        request=locked,
        background=locked.details,
        final_delivery=final_delivery,
        budget=locked.budget_hint,
    )
    if locked.status == ClientRequest.Status.NEW:
        request_triage(request=locked, step="accept", by=by, owner=by)
    return brief


def brief_editable_fields(brief: Brief, by: User) -> frozenset[str] | None:
    """What `by` may change in `brief` now; None if nothing."""
    everything = frozenset(BRIEF_EDIT_FIELDS)
    if brief.status == Brief.Status.STRATEGY_REVIEW:
        if brief.planner_id == by.pk:
            return STRATEGY_REVIEW_FIELDS
        # A manager may hand the review to another planner, and nothing else.
        return frozenset({"planner"}) if by.role in MANAGERS else None
    if brief.status == Brief.Status.DRAFT or brief.is_locked:
        owner_or_manager = by.pk == brief.owner_id or by.role in (
            User.Role.MANAGER,
            User.Role.DIRECTOR,
        )
        return everything if owner_or_manager else None
    return None


BRIEF_EDIT_FIELDS = (
    "title", "owner", "planner", "creative_team", *Brief.SECTIONS, "budget", *Brief.TIMING,
)  # fmt: skip


@transaction.atomic
def brief_edit(*, brief: Brief, by: User, version: str, fields) -> Brief:
    """Save an edit of a brief: row lock and version check first (`agency.edits`).

    In strategy review only the planner edits, and only the strategy. A brief already
    approved to creative is locked: a change makes it a new version, back in draft, that
    must be approved again.
    """
    lock_for_edit(brief, version=version)
    current = Brief.objects.get(pk=brief.pk)
    allowed = brief_editable_fields(current, by)
    if allowed is None:
        raise ValidationError(
            _("This brief can't be edited while it is %(status)s.")
            % {"status": current.get_status_display()},
            code="not_editable",
        )
    fields = [name for name in fields if name in BRIEF_EDIT_FIELDS]
    refused = [name for name in fields if name not in allowed]
    if refused:
        raise ValidationError(
            _("During strategy review only the planner edits the strategy."), code="not_editable"
        )
    _check_team(brief.account_id, owner=brief.owner if "owner" in fields else None,
                planner=brief.planner if "planner" in fields else None)  # fmt: skip
    _check_timing({name: getattr(brief, name) for name in Brief.TIMING}, changed=fields)
    update = list(fields)
    # Only a change to what the brief asks of creative makes a new version to approve;
    # a new date, budget or team is recorded in the history and goes on as it is.
    if current.is_locked and set(fields) & set(Brief.SECTIONS):
        brief.status, brief.version = Brief.Status.DRAFT, current.version + 1
        update += ["status", "version"]
        BriefStep.objects.create(
            brief=brief, step="revise", from_status=current.status, to_status=brief.status, by=by,
            comment=_("Changed after approval: version %(version)s needs approval again.")
            % {"version": brief.version},
        )  # fmt: skip
    save_edit(brief, fields=update, by=by)
    if "status" in update:
        _brief_notify(
            brief, [*brief_approvers(brief), brief.planner], kind="brief.revise", by=by,
            occasion=str(brief.version),
            message=_("%(by)s changed “%(title)s” after approval: it needs approval again"),
            reason=_("You work on the brief."),
        )  # fmt: skip
    return brief


def _snapshot(brief: Brief, by: User) -> None:
    """Keep the sections as submitted: a new version unless this one was never sent."""
    if BriefVersion.objects.filter(brief=brief, number=brief.version).exists():
        brief.version += 1
    BriefVersion.objects.create(
        brief=brief, number=brief.version, sections=brief.sections(), submitted_by=by
    )


@transaction.atomic
def brief_step(*, brief: Brief, step: str, by: User, comment: str = "",
               presented_on: date | None = None) -> Brief:  # fmt: skip
    """Take one step of the brief's lifecycle (`Brief.LIFECYCLE`).

    The row lock makes two people acting at once give one result: the second finds the
    step no longer allowed and is told so. Each step tells the next person.
    """
    locked = (
        Brief.objects.select_for_update(of=("self",)).select_related("account").get(pk=brief.pk)
    )
    taken = Brief.LIFECYCLE.check(step, locked.status, status_label=locked.get_status_display())
    if not by.has_perm(taken.rule, locked):
        raise PermissionDenied
    comment = comment.strip()
    if step in Brief.NEEDS_COMMENT and not comment:
        raise ValidationError({"comment": _("Say why.")})
    _check_step(locked, step, by)
    source, update = locked.status, ["status", "version", "updated_at"]
    if step in ("submit", "submit_for_approval"):
        _snapshot(locked, by)
    elif step == "present":
        locked.presented_on = presented_on or timezone.localdate()
        update.append("presented_on")
    elif step == "deliver" and locked.deliverables.outstanding().exists():
        raise ValidationError(
            _("Every deliverable must be delivered first."), code="deliverables_outstanding"
        )
    elif step == "cancel":
        locked.cancel_reason = comment
        update.append("cancel_reason")
    locked.status = taken.target
    locked._history_user = by
    locked.save(update_fields=update)
    record = BriefStep.objects.create(
        brief=locked, step=step, from_status=source, to_status=locked.status, by=by, comment=comment
    )
    _tell_next(locked, step, by=by, record=record)
    return locked


def _check_step(brief: Brief, step: str, by: User) -> None:
    """What a step needs beyond its state and its rule."""
    if step == "submit_for_approval":
        team = AccountMembership.objects.of(brief.account_id).current()
        if team.filter(user__role=User.Role.PLANNER).exists():
            raise ValidationError(
                _("This account has a planner: choose the brief's planner, who signs off "
                  "the strategy before approval."), code="needs_planner",
            )  # fmt: skip
    elif step == "approve":
        if brief.creative_team_id is None:
            raise ValidationError(
                _("Choose the creative team before approving: the brief goes to them."),
                code="needs_team",
            )
        submitted = brief.versions.filter(number=brief.version).values_list(
            "submitted_by", flat=True
        )
        if by.pk in submitted:
            raise ValidationError(
                _("You submitted this version: someone else approves it."), code="own_brief"
            )


def _tell_next(brief: Brief, step: str, *, by: User, record: BriefStep) -> None:
    occasion = str(record.pk)
    kind = f"brief.{step}"
    people = User.objects.in_bulk({brief.owner_id, brief.planner_id} - {None})
    owner, planner = people.get(brief.owner_id), people.get(brief.planner_id)
    if step == "submit":
        _brief_notify(brief, [planner], kind=kind, by=by, occasion=occasion,
                      message=_("“%(title)s” waits for your strategy sign-off"),
                      reason=_("You are the brief's planner."))  # fmt: skip
    elif step in ("sign_off", "submit_for_approval"):
        _brief_notify(brief, brief_approvers(brief), kind=kind, by=by, occasion=occasion,
                      message=_("“%(title)s” waits for your approval to go to creative"),
                      reason=_("You approve briefs on %(account)s."))  # fmt: skip
    elif step in ("return_strategy", "return_approval"):
        _brief_notify(brief, [owner], kind=kind, by=by, occasion=occasion,
                      message=_("%(by)s sent “%(title)s” back to you"),
                      reason=_("You own the brief."))  # fmt: skip
    elif step == "approve":
        _brief_notify(brief, [owner, planner], kind=kind, by=by, occasion=occasion,
                      message=_("“%(title)s” is approved and went to creative"),
                      reason=_("You work on the brief."))  # fmt: skip
        if brief.creative_team_id is not None:
            transaction.on_commit(lambda: _enqueue("send_brief_to_creative", record.pk))
    elif step == "cancel":
        _brief_notify(brief, [owner, planner], kind=kind, by=by, occasion=occasion,
                      message=_("%(by)s cancelled the brief “%(title)s”"),
                      reason=_("You work on the brief."))  # fmt: skip


def _enqueue(task_name: str, *args) -> None:
    from . import tasks  # tasks import this module

    try:
        getattr(tasks, task_name).delay(*args)
    except Exception:  # the broker is down: the sweep picks it up once it is back
        logger.warning("Could not enqueue %s%s", task_name, args, exc_info=True)


def _creative_addresses(team: CreativeTeam) -> list[str]:
    return [team.email, *(address for _name, address in parse_members(team.members))]


def parse_members(text: str) -> list[tuple[str, str]]:
    """The members of a creative team, one per line as `Name <address>`."""
    members = []
    for line in text.splitlines():
        name, address = parseaddr(line.strip())
        if address and "@" in address:
            members.append((name or address, address))
    return members


@transaction.atomic
def brief_send_to_creative(*, step_id: int) -> bool:
    """E-mail the approved brief to its creative team, once per approval.

    What goes out is the version that was approved, and only while it is still the
    brief's version with creative: a brief changed since (back in draft for approval
    again) is sent when that approval comes.
    """
    record = (
        BriefStep.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(pk=step_id, emailed_at=None, step="approve")
        .select_related("brief__account__client", "brief__creative_team", "brief__owner")
        .first()
    )
    if record is None:
        return False
    brief, team = record.brief, record.brief.creative_team
    approved = brief.versions.filter(submitted_at__lte=record.at).order_by("-number").first()
    still_current = brief.is_locked and approved is not None and approved.number == brief.version
    if team is not None and team.is_active and still_current:
        labels = {name: Brief._meta.get_field(name).verbose_name for name in Brief.SECTIONS}
        sections = [(labels[name], approved.sections.get(name, "")) for name in Brief.SECTIONS]
        context = {"brief": brief, "sections": sections, "site_url": settings.SITE_URL}
        send_mail(
            subject=_("[Suits] Brief for %(team)s: %(title)s") % {"team": team.name, "title": brief.title[:120]},
            message=render_to_string("briefs/email_brief.txt", context),
            from_email=None,
            recipient_list=_creative_addresses(team),
        )  # fmt: skip
    record.emailed_at = timezone.now()
    record.save(update_fields=["emailed_at"])
    return True


# --- Deliverables -------------------------------------------------------------------


def _lock_brief_for_change(brief: Brief, by: User) -> Brief:
    locked = Brief.objects.select_for_update(of=("self",)).get(pk=brief.pk)
    if not locked.is_open:
        raise ValidationError(
            _("This brief is %(status)s: its deliverables can't change.")
            % {"status": locked.get_status_display()},
            code="closed",
        )
    if not by.has_perm("briefs.manage_deliverables", locked):
        raise PermissionDenied
    return locked


@transaction.atomic
def deliverable_add(*, brief: Brief, by: User, what: str, due_on: date, format: str = "",
                    quantity: int = 1) -> Deliverable:  # fmt: skip
    _lock_brief_for_change(brief, by)
    if due_on < timezone.localdate():
        raise ValidationError({"due_on": _("This date is in the past. Pick today or later.")})
    deliverable = Deliverable(
        brief=brief, what=what, format=format, quantity=quantity, due_on=due_on
    )
    deliverable._history_user = by
    deliverable.save()
    return deliverable


@transaction.atomic
def deliverable_deliver(
    *, deliverable: Deliverable, by: User, delivered_on: date | None = None
) -> Deliverable:
    _lock_brief_for_change(deliverable.brief, by)
    locked = Deliverable.objects.select_for_update().get(pk=deliverable.pk)
    if locked.delivered_on is not None:
        raise ValidationError(_("This was already delivered."), code="delivered")
    delivered_on = delivered_on or timezone.localdate()
    if delivered_on > timezone.localdate():
        raise ValidationError({"delivered_on": _("A delivery date can't be in the future.")})
    locked.delivered_on = delivered_on
    locked._history_user = by
    locked.save(update_fields=["delivered_on", "updated_at"])
    return locked


# --- Feedback -----------------------------------------------------------------------


@transaction.atomic
def feedback_log(*, brief: Brief, by: User, said: str, verdict: str,
                 sentiment: str = Feedback.Sentiment.NEUTRAL, topics: list[str] | None = None,
                 received_at: datetime | None = None, contact: Contact | None = None,
                 channel: str = ClientRequest.Channel.MEETING) -> Feedback:  # fmt: skip
    """Log a round of client feedback on presented work, and move the brief on.

    The brief's row lock numbers the rounds: two people logging at once get rounds n and
    n+1, never two n. Routing runs in the background once this commits.
    """
    locked = (
        Brief.objects.select_for_update(of=("self",)).select_related("account").get(pk=brief.pk)
    )
    step = "client_approved" if verdict == Feedback.Verdict.APPROVED else "revisions"
    taken = Brief.LIFECYCLE.check(step, locked.status, status_label=locked.get_status_display())
    if not by.has_perm(taken.rule, locked):
        raise PermissionDenied
    if contact is not None and contact.client_id != locked.account.client_id:
        raise ValidationError({"contact": _("Choose a contact at this account's client.")})
    # The round itself records who logged it and when: no separate step row.
    feedback = Feedback(
        brief=locked, round=locked.feedback_rounds + 1, said=said, verdict=verdict,
        sentiment=sentiment, topics=sorted(set(topics or [])),
        received_at=received_at or timezone.now(), contact=contact, channel=channel, logged_by=by,
    )  # fmt: skip
    feedback.beyond_included = feedback.round > included_rounds(feedback)
    feedback._history_user = by
    feedback.save()
    locked.status, locked.feedback_rounds = taken.target, feedback.round
    locked._history_user = by
    locked.save(update_fields=["status", "feedback_rounds", "updated_at"])
    transaction.on_commit(lambda: _enqueue("route_feedback", feedback.pk))
    return feedback


@transaction.atomic
def feedback_acknowledge(*, feedback: Feedback, by: User) -> Feedback:
    locked = (
        Feedback.objects.select_for_update(of=("self",)).select_related("brief").get(pk=feedback.pk)
    )
    if not by.has_perm("briefs.acknowledge_feedback", locked.brief):
        raise PermissionDenied
    if locked.acknowledged_at is not None:
        raise ValidationError(
            _("%(who)s already acknowledged this round.") % {"who": locked.acknowledged_by},
            code="acknowledged",
        )
    locked.acknowledged_by, locked.acknowledged_at = by, timezone.now()
    locked._history_user = by
    locked.save(update_fields=["acknowledged_by", "acknowledged_at", "updated_at"])
    return locked


def feedback_route(*, feedback_id: int) -> int:
    """Route one feedback round by the rules (`briefs/routing.py`); return how many new.

    Safe to run any number of times, at once or after a worker died mid-task: the
    round's row lock serialises runs, each (round, recipient) is a unique row, and a
    routed round is marked so later runs stop at once. Staff are told in the app (and by
    e-mail, through their notification); a creative team by its own e-mail task.
    """
    with transaction.atomic():
        # The claim locks the round's own row only; its brief and people come along.
        feedback = (
            Feedback.objects.select_for_update(of=("self",))
            .select_related("brief__owner", "brief__planner", "brief__creative_team")
            .filter(pk=feedback_id, routed_at=None)
            .order_by()  # by key: the model's ordering would join for nothing
            .first()
        )
        if feedback is None:
            return 0
        brief = feedback.brief
        # Whoever is on the account's team now sees it; anyone else is asked alone.
        team = set(
            AccountMembership.objects.of(brief.account_id)
            .current()
            .values_list("user_id", flat=True)
        )
        # Under the round's lock, with routed_at unset, no routing of it exists yet:
        # a run that died before committing left nothing behind.
        routings = [
            FeedbackRouting(
                feedback=feedback,
                recipient_key=recipient.key,
                user=None if is_team else recipient.person,
                creative_team=recipient.person if is_team else None,
                name=str(recipient.person),
                email=recipient.person.email,
                reasons=recipient.reasons,
            )
            for recipient in recipients_of(feedback)
            if (is_team := isinstance(recipient.person, CreativeTeam))
            or recipient.person.pk in team
            or sees_account(recipient.person, brief.account_id)
        ]
        FeedbackRouting.objects.bulk_create(routings)
        team_routings = [routing.pk for routing in routings if routing.creative_team_id]
        for routing in routings:
            if routing.user is None:
                continue
            notify(
                recipient=routing.user,
                kind="feedback.routed",
                target=feedback,
                message=_("Round %(round)s of feedback on “%(title)s”: %(verdict)s"),
                reason=routing.reason_text(),
                params={"round": feedback.round, "title": brief.title,
                        "verdict": Feedback.Verdict(feedback.verdict).label},
            )  # fmt: skip
        made = len(routings)
        Feedback.objects.filter(pk=feedback.pk).update(routed_at=timezone.now())
        for routing_id in team_routings:
            transaction.on_commit(partial(_enqueue, "send_routing_email", routing_id))
    return made


@transaction.atomic
def routing_send_email(*, routing_id: int) -> bool:
    """E-mail a creative team what the client said, once per routing."""
    routing = (
        FeedbackRouting.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("feedback__brief", "feedback__contact", "creative_team")
        .filter(pk=routing_id, emailed_at=None)
        .first()
    )
    if routing is None:
        return False
    feedback, team = routing.feedback, routing.creative_team
    addresses = _creative_addresses(team) if team is not None else [routing.email]
    body = render_to_string(
        "briefs/email_feedback.txt",
        {"feedback": feedback, "brief": feedback.brief, "site_url": settings.SITE_URL},
    )
    send_mail(
        subject=_("[Suits] Round %(round)s of client feedback: %(title)s")
        % {"round": feedback.round, "title": feedback.brief.title[:120]},
        message=body,
        from_email=None,
        recipient_list=[a for a in addresses if a],
    )  # fmt: skip
    routing.emailed_at = timezone.now()
    routing.save(update_fields=["emailed_at"])
    return True


ROUTING_GRACE = timedelta(minutes=2)


def feedback_sweep_unrouted() -> int:
    """Enqueue what a broker outage or a lost task left: unrouted rounds, unsent
    creative-team e-mails, approved briefs not yet sent to creative. Return how many."""
    cutoff = timezone.now() - ROUTING_GRACE
    rounds = list(
        Feedback.objects.filter(routed_at=None, created_at__lt=cutoff).values_list("pk", flat=True)[
            :500
        ]
    )
    mails = list(
        FeedbackRouting.objects.filter(
            emailed_at=None, creative_team__isnull=False, created_at__lt=cutoff
        ).values_list("pk", flat=True)[:500]
    )
    briefs = list(
        BriefStep.objects.filter(
            step="approve", emailed_at=None, at__lt=cutoff, brief__creative_team__isnull=False
        ).values_list("pk", flat=True)[:500]
    )
    for feedback_id in rounds:
        _enqueue("route_feedback", feedback_id)
    for routing_id in mails:
        _enqueue("send_routing_email", routing_id)
    for step_id in briefs:
        _enqueue("send_brief_to_creative", step_id)
    return len(rounds) + len(mails) + len(briefs)


# --- Creative teams -----------------------------------------------------------------


@transaction.atomic
def creative_team_save(
    *, team: CreativeTeam, by: User, version: str = "", fields=None
) -> CreativeTeam:
    if not by.has_perm("briefs.manage_creative_teams"):
        raise PermissionDenied
    if team.pk:
        lock_for_edit(team, version=version)
        save_edit(team, fields=fields or [], by=by)
    else:
        team._history_user = by
        team.save()
    return team


# --- Reminders ----------------------------------------------------------------------

# Reminders look back this far: an occasion older than this was reminded of already,
# or is left to the people who can see it is overdue on their pages.
REMINDER_LOOKBACK = timedelta(days=14)
# Which dates of a brief matter, and while the brief is in which states.
S = Brief.Status
BRIEF_DATES = {
    "brief_due": (S.DRAFT, S.STRATEGY_REVIEW, S.AWAITING_APPROVAL),
    "first_presentation": (S.DRAFT, S.STRATEGY_REVIEW, S.AWAITING_APPROVAL, S.IN_CREATIVE),
    "final_delivery": tuple(s for s in Brief.OPEN),
}
del S


class _Reminder:
    """Sends a run's reminders: to people who still see the account, once per occasion."""

    def __init__(self):
        self.sight, self.sent, self._managers = Sight(), 0, {}

    def managers(self, account_id):
        if account_id not in self._managers:
            self._managers[account_id] = account_managers(account_id)
        return self._managers[account_id]

    def send(self, people, account_id, **kwargs):
        for person in self.sight.who(account_id, {p.pk: p for p in people if p}.values()):
            self.sent += notify(recipient=person, **kwargs) is not None


def briefs_remind(*, now: datetime | None = None) -> int:
    """Remind of brief dates and deliverables due in the next working days (the owner) or
    overdue (the owner and the account's managers), and of feedback nobody acknowledged
    within a working day (the owner; a working day later, the managers).

    Once per occasion: the date is part of the reminder's key, so running again reminds
    nobody twice, and a date that moves reminds again.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    horizon = working_days_after(today, settings.BRIEF_REMIND_WORKING_DAYS)
    since = today - REMINDER_LOOKBACK
    run = _Reminder()
    for field, statuses in BRIEF_DATES.items():
        label = Brief._meta.get_field(field).verbose_name
        due = Brief.objects.filter(status__in=statuses, **{f"{field}__range": (since, horizon)})
        for brief in due.select_related("owner", "account"):
            day = getattr(brief, field)
            overdue = day < today
            params = {"title": brief.title, "what": label, "date": day}
            run.send(
                [brief.owner, *(run.managers(brief.account_id) if overdue else [])],
                brief.account_id,
                kind=f"brief.{'overdue' if overdue else 'due'}",
                target=brief,
                occasion=f"{field}:{day.isoformat()}",
                message=_("“%(title)s”: %(what)s was %(date)s") if overdue else _("“%(title)s”: %(what)s is %(date)s"),
                reason=_("It is overdue.") if overdue else _("It is due within two working days."),
                params=params,
            )  # fmt: skip
    deliverables = Deliverable.objects.outstanding().filter(
        due_on__range=(since, horizon), brief__status__in=Brief.OPEN
    )
    for deliverable in deliverables.select_related("brief__owner"):
        brief, overdue = deliverable.brief, deliverable.due_on < today
        run.send(
            [brief.owner, *(run.managers(brief.account_id) if overdue else [])],
            brief.account_id,
            kind=f"deliverable.{'overdue' if overdue else 'due'}",
            target=deliverable,
            occasion=deliverable.due_on.isoformat(),
            message=_("“%(what)s” for “%(title)s” was due %(date)s") if overdue else _("“%(what)s” for “%(title)s” is due %(date)s"),
            reason=_("It is overdue.") if overdue else _("It is due within two working days."),
            params={"what": deliverable.what, "title": brief.title, "date": deliverable.due_on},
        )  # fmt: skip
    local_now = timezone.localtime(now)
    owner_cutoff = working_days_before(local_now, 1)
    manager_cutoff = working_days_before(local_now, 2)
    waiting = Feedback.objects.filter(
        acknowledged_at=None, received_at__lt=owner_cutoff, received_at__gte=now - REMINDER_LOOKBACK
    )
    for feedback in waiting.select_related("brief__owner"):
        brief = feedback.brief
        late = feedback.received_at < manager_cutoff
        people = {
            "owner": [brief.owner],
            "managers": run.managers(brief.account_id) if late else [],
        }
        for occasion, recipients in people.items():
            run.send(
                recipients,
                brief.account_id,
                kind="feedback.unacknowledged",
                target=feedback,
                occasion=occasion,
                message=_("Nobody has acknowledged round %(round)s of feedback on “%(title)s”"),
                reason=_("It has waited more than a working day."),
                params={"round": feedback.round, "title": brief.title},
            )  # fmt: skip
    return run.sent
