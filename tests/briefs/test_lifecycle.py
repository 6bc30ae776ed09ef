"""The brief lifecycle as a table: every step by every role, and every wrong state."""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from agency.edits import version_of
from agency.models import Notification
from briefs.models import Brief, BriefStep, BriefVersion, ClientRequest
from briefs.services import (
    brief_edit,
    brief_from_request,
    brief_step,
    deliverable_add,
    deliverable_deliver,
)
from tests.factories import DeliverableFactory, MembershipFactory, UserFactory

S = Brief.Status
ROLES = ("director", "manager", "executive", "planner", "coordinator")
# Who may take each step of a brief the executive owns and the planner plans.
ALLOWED = {
    "submit": {"director", "manager", "executive"},
    "sign_off": {"planner"},
    "return_strategy": {"planner", "manager", "director"},
    "approve": {"director", "manager"},
    "return_approval": {"director", "manager"},
    "present": {"director", "manager", "executive"},
    "deliver": {"director", "manager", "executive"},
    "cancel": {"director", "manager", "executive"},
}
COMMENT = {"return_strategy": "Sharpen the insight.", "return_approval": "Too costly.",
           "cancel": "The client cut the budget."}  # fmt: skip


def _put(brief, status):
    Brief.objects.filter(pk=brief.pk).update(status=status, cancel_reason="Put there by the test")
    brief.refresh_from_db()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("step", list(ALLOWED))
def test_each_step_is_taken_by_exactly_the_roles_allowed(world, brief, step, role):
    source = sorted(Brief.LIFECYCLE[step].sources)[0]
    _put(brief, source)
    by = world.user(role)
    if role in ALLOWED[step]:
        brief_step(brief=brief, step=step, by=by, comment=COMMENT.get(step, ""))
        brief.refresh_from_db()
        assert brief.status == Brief.LIFECYCLE[step].target
        taken = BriefStep.objects.get(brief=brief, step=step)
        assert (taken.by, taken.from_status, taken.to_status) == (by, source, brief.status)
        assert taken.comment == COMMENT.get(step, "")
    else:
        with pytest.raises(PermissionDenied):
            brief_step(brief=brief, step=step, by=by, comment=COMMENT.get(step, ""))
        brief.refresh_from_db()
        assert brief.status == source
        assert not BriefStep.objects.filter(brief=brief, step=step).exists()


@pytest.mark.parametrize("step", list(ALLOWED))
def test_a_step_from_a_wrong_state_is_refused_with_a_message(world, brief, step):
    wrong = [status for status in S if status not in Brief.LIFECYCLE[step].sources]
    for status in wrong:
        _put(brief, status)
        with pytest.raises(ValidationError) as refused:
            brief_step(brief=brief, step=step, by=world.director, comment="x")
        assert "This is already" in refused.value.messages[0]
        brief.refresh_from_db()
        assert brief.status == status
    assert not BriefStep.objects.filter(brief=brief, step=step).exists()


def test_an_owner_who_is_a_manager_cannot_approve_their_own_brief(world, brief):
    Brief.objects.filter(pk=brief.pk).update(owner=world.manager, status=S.AWAITING_APPROVAL)
    brief.refresh_from_db()
    with pytest.raises(PermissionDenied):
        brief_step(brief=brief, step="approve", by=world.manager)
    brief_step(brief=brief, step="approve", by=world.director)
    brief.refresh_from_db()
    assert brief.status == S.IN_CREATIVE


def test_sending_back_and_cancelling_need_a_reason(world, brief):
    _put(brief, S.STRATEGY_REVIEW)
    with pytest.raises(ValidationError):
        brief_step(brief=brief, step="return_strategy", by=world.planner, comment="  ")
    brief.refresh_from_db()
    assert brief.status == S.STRATEGY_REVIEW


def test_the_whole_road_tells_each_next_person(world, brief, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        brief_step(brief=brief, step="submit", by=world.executive)
        brief_step(brief=brief, step="sign_off", by=world.planner)
        brief_step(brief=brief, step="approve", by=world.manager)
    told = {(n.recipient.username, n.kind) for n in Notification.objects.all()}
    assert ("p", "brief.submit") in told
    assert ("m", "brief.sign_off") in told
    assert ("e", "brief.approve") in told
    brief.refresh_from_db()
    assert brief.status == S.IN_CREATIVE
    to_creative = [m for m in mail.outbox if "nord@creative.example" in m.to]
    assert len(to_creative) == 1
    assert "The beer that tastes like home." in to_creative[0].body
    assert "jana@creative.example" in to_creative[0].to


def test_delivering_waits_for_every_deliverable(world, brief):
    item = DeliverableFactory(brief=brief)
    _put(brief, S.CLIENT_APPROVED)
    with pytest.raises(ValidationError):
        brief_step(brief=brief, step="deliver", by=world.executive)
    deliverable_deliver(deliverable=item, by=world.executive)
    brief_step(brief=brief, step="deliver", by=world.executive)
    brief.refresh_from_db()
    assert brief.status == S.DELIVERED


def test_each_submission_keeps_a_version(world, brief):
    brief_step(brief=brief, step="submit", by=world.executive)
    brief_step(brief=brief, step="return_strategy", by=world.planner, comment="Sharper.")
    brief.refresh_from_db()
    brief.proposition = "Home, in a bottle."
    brief_edit(brief=brief, by=world.executive, version=version_of(Brief.objects.get(pk=brief.pk)),
               fields=["proposition"])  # fmt: skip
    brief_step(brief=brief, step="submit", by=world.executive)
    versions = list(BriefVersion.objects.filter(brief=brief).order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].sections["proposition"] == "The beer that tastes like home."
    assert versions[1].sections["proposition"] == "Home, in a bottle."


def test_only_the_planner_edits_the_strategy_in_review(world, brief):
    _put(brief, S.STRATEGY_REVIEW)
    brief.target_audience = "Parents of toddlers."
    with pytest.raises(ValidationError):
        brief_edit(
            brief=brief, by=world.executive, version=version_of(brief), fields=["target_audience"]
        )
    brief.background = "Changed."
    with pytest.raises(ValidationError):
        brief_edit(brief=brief, by=world.planner, version=version_of(brief), fields=["background"])
    brief_edit(brief=brief, by=world.planner, version=version_of(brief), fields=["target_audience"])
    assert Brief.objects.get(pk=brief.pk).target_audience == "Parents of toddlers."


def test_a_change_after_approval_is_a_new_version_back_in_draft(world, brief):
    _put(brief, S.IN_CREATIVE)
    brief.mandatories = "Logo top right."
    brief_edit(brief=brief, by=world.executive, version=version_of(brief), fields=["mandatories"])
    brief.refresh_from_db()
    assert (brief.status, brief.version, brief.mandatories) == (S.DRAFT, 2, "Logo top right.")
    assert BriefStep.objects.filter(brief=brief, step="revise", from_status=S.IN_CREATIVE).exists()


def test_dates_must_make_sense(world, brief):
    brief.final_delivery = timezone.localdate() + timedelta(days=10)
    brief.first_presentation = timezone.localdate() + timedelta(days=20)
    with pytest.raises(ValidationError) as refused:
        brief_edit(brief=brief, by=world.executive, version=version_of(brief),
                   fields=["final_delivery", "first_presentation"])  # fmt: skip
    assert "first_presentation" in refused.value.message_dict


def test_a_request_becomes_one_brief_and_is_accepted(world):
    world.request.budget_hint = 12_000
    world.request.wanted_by = timezone.localdate() + timedelta(days=30)
    world.request.save()
    brief = brief_from_request(request=world.request, by=world.executive)
    again = brief_from_request(request=world.request, by=world.executive)
    assert again.pk == brief.pk
    assert (brief.title, brief.background) == (world.request.title, world.request.details)
    assert (brief.budget, brief.final_delivery) == (12_000, world.request.wanted_by)
    assert (brief.owner, brief.status) == (world.executive, S.DRAFT)
    world.request.refresh_from_db()
    assert world.request.status == "accepted"


@pytest.mark.django_db(transaction=True)
def test_two_approvers_at_once_give_one_result(world, brief):
    _put(brief, S.AWAITING_APPROVAL)
    outcomes, barrier = [], threading.Barrier(2)

    def act(by, step):
        try:
            barrier.wait()
            brief_step(brief=brief, step=step, by=by, comment="No.")
            outcomes.append(step)
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=act, args=(world.manager, "approve")),
               threading.Thread(target=act, args=(world.director, "return_approval"))]  # fmt: skip
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert "refused" in outcomes and len(outcomes) == 2
    assert (
        BriefStep.objects.filter(brief=brief, step__in=["approve", "return_approval"]).count() == 1
    )


def test_a_brief_without_a_planner_goes_straight_to_approval(world, brief):
    world.planner.memberships.all().delete()  # the account has no planner
    Brief.objects.filter(pk=brief.pk).update(planner=None)
    brief.refresh_from_db()
    with pytest.raises(PermissionDenied):
        brief_step(brief=brief, step="submit", by=world.executive)
    with pytest.raises(PermissionDenied):
        brief_step(brief=brief, step="submit_for_approval", by=world.coordinator)
    brief_step(brief=brief, step="submit_for_approval", by=world.executive)
    brief.refresh_from_db()
    assert brief.status == S.AWAITING_APPROVAL
    assert BriefVersion.objects.filter(brief=brief, number=1).exists()
    assert Notification.objects.filter(
        recipient=world.manager, kind="brief.submit_for_approval"
    ).exists()


def test_a_brief_with_a_planner_cannot_skip_strategy_review(world, brief):
    for role in ROLES:
        with pytest.raises(PermissionDenied):
            brief_step(brief=brief, step="submit_for_approval", by=world.user(role))
    brief.refresh_from_db()
    assert brief.status == S.DRAFT


def test_a_brief_cannot_skip_the_planner_its_account_has(world, brief):
    Brief.objects.filter(pk=brief.pk).update(planner=None)
    brief.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        brief_step(brief=brief, step="submit_for_approval", by=world.executive)
    assert "planner" in refused.value.messages[0]
    assert Brief.objects.get(pk=brief.pk).status == S.DRAFT


def test_whoever_submitted_a_version_does_not_approve_it(world, brief):
    brief_step(brief=brief, step="submit", by=world.manager)  # on the executive's behalf
    brief_step(brief=brief, step="sign_off", by=world.planner)
    with pytest.raises(ValidationError) as refused:
        brief_step(brief=brief, step="approve", by=world.manager)
    assert "someone else" in refused.value.messages[0]
    brief_step(brief=brief, step="approve", by=world.director)
    assert Brief.objects.get(pk=brief.pk).status == S.IN_CREATIVE


def test_a_brief_goes_to_creative_only_with_a_creative_team(world, brief):
    Brief.objects.filter(pk=brief.pk).update(creative_team=None, status=S.AWAITING_APPROVAL)
    brief.refresh_from_db()
    with pytest.raises(ValidationError):
        brief_step(brief=brief, step="approve", by=world.manager)
    assert Brief.objects.get(pk=brief.pk).status == S.AWAITING_APPROVAL


def test_creative_gets_the_approved_version_and_nothing_changed_since(
    world, brief, django_capture_on_commit_callbacks
):
    brief_step(brief=brief, step="submit", by=world.executive)
    brief_step(brief=brief, step="sign_off", by=world.planner)
    with django_capture_on_commit_callbacks(execute=False) as sends:
        brief_step(brief=brief, step="approve", by=world.manager)
    brief.refresh_from_db()
    brief.proposition = "A later idea nobody approved."
    brief_edit(brief=brief, by=world.executive, version=version_of(brief), fields=["proposition"])
    for send in sends:  # the e-mail task runs only now, after the change
        send()
    assert not [m for m in mail.outbox if "nord@creative.example" in m.to]


def test_a_new_date_after_approval_keeps_the_brief_with_creative(world, brief):
    _put(brief, S.PRESENTED)
    brief.final_delivery = timezone.localdate() + timedelta(days=60)
    brief_edit(
        brief=brief, by=world.executive, version=version_of(brief), fields=["final_delivery"]
    )
    brief.refresh_from_db()
    assert (brief.status, brief.version) == (S.PRESENTED, 1)


def test_a_manager_unblocks_a_review_whose_planner_is_away(world, brief):
    _put(brief, S.STRATEGY_REVIEW)
    other = UserFactory(role="planner")
    MembershipFactory(account=world.account, user=other)
    brief.planner = other
    brief_edit(brief=brief, by=world.manager, version=version_of(brief), fields=["planner"])
    assert Brief.objects.get(pk=brief.pk).planner == other
    brief.refresh_from_db()
    brief.background = "A manager's rewrite."
    with pytest.raises(ValidationError):
        brief_edit(brief=brief, by=world.manager, version=version_of(brief), fields=["background"])


def test_the_planner_does_not_change_deliverables(world, brief):
    with pytest.raises(PermissionDenied):
        deliverable_add(brief=brief, by=world.planner, what="Radio", due_on=timezone.localdate())
    deliverable_add(brief=brief, by=world.executive, what="Radio", due_on=timezone.localdate())
    assert brief.deliverables.count() == 1


def test_a_new_request_becomes_a_brief_only_for_someone_who_may_accept_it(world):
    ClientRequest.objects.filter(pk=world.request.pk).update(owner=world.coordinator)
    world.request.refresh_from_db()
    with pytest.raises(ValidationError):
        brief_from_request(request=world.request, by=world.executive)
    assert not Brief.objects.filter(request=world.request).exists()
    assert brief_from_request(request=world.request, by=world.manager).request == world.request
