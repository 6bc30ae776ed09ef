from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import ListView

from accounts.models import Account
from accounts.selectors import included_rounds
from agency.forms import ActionForm
from agency.history import history_of
from agency.ids import parse_id
from agency.lists import Column, FilteredListView
from agency.models import User
from clients.models import Contact

from .calendar import calendar_of
from .filters import BriefFilter, RequestFilter
from .forms import (
    AcceptForm,
    BriefCreateForm,
    BriefForm,
    BriefStepForm,
    CreativeTeamForm,
    DeclineForm,
    DeliverableForm,
    DeliverForm,
    DoneForm,
    FeedbackForm,
    RequestEditForm,
    RequestForm,
    VersionsForm,
)
from .models import Brief, BriefVersion, ClientRequest, CreativeTeam, Deliverable, Feedback
from .selectors import brief_page, version_changes
from .services import (
    brief_edit,
    brief_editable_fields,
    brief_from_request,
    brief_start,
    brief_step,
    creative_team_save,
    deliverable_add,
    deliverable_deliver,
    feedback_acknowledge,
    feedback_log,
    request_edit,
    request_log,
    request_triage,
)


class RequestListView(FilteredListView):
    """The request inbox: open requests, new first."""

    filterset_class = RequestFilter
    template_name = "briefs/request_list.html"
    csv_name = "requests"
    columns = [
        Column(gettext_lazy("Request"), lambda r: r.title, essential=True),
        Column(gettext_lazy("Account"), lambda r: r.account.name),
        Column(gettext_lazy("Received"), lambda r: r.received_at),
        Column(gettext_lazy("Wanted by"), lambda r: r.wanted_by),
        Column(gettext_lazy("Rough budget"), lambda r: r.budget_hint, numeric=True),
        Column(gettext_lazy("Owner"), lambda r: str(r.owner or "")),
        Column(gettext_lazy("Status"), lambda r: r.get_status_display(), essential=True),
        Column(gettext_lazy("Requested by"), lambda r: r.contact.name if r.contact else ""),
        Column(gettext_lazy("Came in by"), lambda r: r.get_channel_display()),
        Column(gettext_lazy("Priority"), lambda r: r.get_priority_display()),
    ]

    def get_queryset(self):
        return (
            ClientRequest.objects.visible_to(self.request.user)
            .select_related("account", "owner", "contact")
            .inbox_order()
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The page shows the first seven; the CSV has them all.
        context["columns"] = self.columns[:7]
        return context


def request_create(request):
    if not request.user.has_perm("briefs.log_request"):
        raise PermissionDenied
    initial = {"account": parse_id(request.GET.get("account"))}
    form = RequestForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        client_request = request_log(by=request.user, **form.cleaned_data)
        messages.success(
            request, _("Request logged on %(account)s.") % {"account": client_request.account}
        )
        return redirect(client_request)
    return render(request, "briefs/request_form.html", {"form": form})


def request_contact_options(request):
    """The contact choices for the intake form's account, as <option>s (htmx)."""
    account_id = parse_id(request.GET.get("account"))
    account = (
        Account.objects.visible_to(request.user).filter(pk=account_id).first()
        if account_id
        else None
    )
    contacts = (
        Contact.objects.current().filter(client_id=account.client_id)
        if account
        else Contact.objects.none()
    )
    return render(request, "briefs/_contact_options.html", {"contacts": contacts})


def _visible_request(request, pk) -> ClientRequest:
    client_request = get_object_or_404(
        ClientRequest.objects.visible_to(request.user).select_related("account__client", "contact"),
        pk=pk,
    )
    # The three people in one query of their own: joining them too costs PostgreSQL more
    # time planning the query than running it.
    people = User.objects.in_bulk(
        {client_request.owner_id, client_request.logged_by_id, client_request.triaged_by_id}
        - {None}
    )
    client_request.owner = people.get(client_request.owner_id)
    client_request.logged_by = people.get(client_request.logged_by_id)
    client_request.triaged_by = people.get(client_request.triaged_by_id)
    return client_request


def _detail(request, client_request, *, forms=None, status=200):
    """The request page, with the triage forms (bound ones, with their errors, if given)."""
    can_triage = request.user.has_perm("briefs.triage_request", client_request)
    forms = forms or {}
    steps = {step.name: step for step in ClientRequest.TRIAGE.available(client_request.status)}
    context = {
        "req": client_request,
        "can_triage": can_triage and bool(steps),
        "can_edit": client_request.is_open
        and request.user.has_perm("briefs.edit_request", client_request),
        "steps": steps,
        "accept_form": forms.get("accept") or AcceptForm(request=client_request),
        "decline_form": forms.get("decline") or DeclineForm(),
        "brief": Brief.objects.filter(request=client_request).only("pk").first(),
        # A new request is accepted as it becomes a brief: that takes the right to triage.
        "can_make_brief": client_request.is_open
        and request.user.has_perm("briefs.create_brief")
        and (client_request.status != ClientRequest.Status.NEW or can_triage),
        "history": history_of(client_request),
    }
    return render(request, "briefs/request_detail.html", context, status=status)


def request_detail(request, pk):
    return _detail(request, _visible_request(request, pk))


def request_update(request, pk):
    client_request = _visible_request(request, pk)
    if not request.user.has_perm("briefs.edit_request", client_request):
        raise PermissionDenied
    if not client_request.is_open:
        messages.error(request, _("Only open requests can be edited."))
        return redirect(client_request)
    form = RequestEditForm(request.POST or None, instance=client_request)
    if (
        request.method == "POST"
        and form.is_valid()
        and form.save_through(request_edit, request=form.instance, by=request.user)
    ):
        messages.success(request, _("Request saved."))
        return redirect(client_request)
    context = {"form": form, "req": client_request, "history": history_of(client_request)}
    return render(request, "briefs/request_edit.html", context)


def _triage(request, pk, step, form_class, done_message):
    """One triage step: its own form validates the POST; errors show next to the field."""
    client_request = _visible_request(request, pk)
    if not request.user.has_perm(ClientRequest.TRIAGE[step].rule, client_request):
        raise PermissionDenied
    form = form_class(request.POST, request=client_request)
    if form.is_valid():
        try:
            request_triage(request=client_request, step=step, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, done_message)
        return redirect(client_request)
    return _detail(request, client_request, forms={step: form}, status=400)


@require_POST
def request_accept(request, pk):
    return _triage(request, pk, "accept", AcceptForm, _("Request accepted."))


@require_POST
def request_decline(request, pk):
    return _triage(request, pk, "decline", DeclineForm, _("Request declined."))


@require_POST
def request_done(request, pk):
    return _triage(request, pk, "done", DoneForm, _("Request marked done."))


# --- Briefs -------------------------------------------------------------------------


class BriefListView(FilteredListView):
    """Briefs on the accounts the user sees: open ones, most recently changed first."""

    filterset_class = BriefFilter
    template_name = "briefs/brief_list.html"
    csv_name = "briefs"
    columns = [
        Column(gettext_lazy("Brief"), lambda b: b.title, essential=True),
        Column(gettext_lazy("Account"), lambda b: b.account.name),
        Column(gettext_lazy("Owner"), lambda b: str(b.owner)),
        Column(gettext_lazy("Planner"), lambda b: str(b.planner or "")),
        Column(gettext_lazy("Final delivery"), lambda b: b.final_delivery),
        Column(gettext_lazy("Status"), lambda b: b.get_status_display(), essential=True),
        Column(gettext_lazy("Version"), lambda b: b.version, numeric=True),
        Column(gettext_lazy("Budget"), lambda b: b.budget, numeric=True),
    ]

    def get_queryset(self):
        return (
            Brief.objects.visible_to(self.request.user)
            .select_related("account", "owner", "planner")
            .only(*BRIEF_LIST_FIELDS)
            .order_by("-updated_at", "-pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["columns"] = self.columns[:6]
        return context


# The status bar: the main road of a brief, each state once.
LIFECYCLE_BAR = [
    (status, Brief.Status(status).label)
    for status in (
        "draft", "strategy_review", "awaiting_approval", "in_creative", "presented",
        "revisions", "client_approved", "delivered",
    )
]  # fmt: skip


# What the status bar says once a step is taken.
STEP_DONE = {
    "submit": gettext_lazy("Submitted: the planner is asked to sign off the strategy."),
    "submit_for_approval": gettext_lazy("Submitted: the approvers are asked to approve it."),
    "sign_off": gettext_lazy("Strategy signed off: the approvers are asked to approve it."),
    "return_strategy": gettext_lazy("Sent back to the owner with your comment."),
    "approve": gettext_lazy("Approved: the brief went to creative."),
    "return_approval": gettext_lazy("Sent back to the owner with your comment."),
    "present": gettext_lazy("Marked presented: log the client's feedback when it comes."),
    "deliver": gettext_lazy("Marked delivered."),
    "cancel": gettext_lazy("Brief cancelled."),
}


def passed_statuses(status: str) -> set[str]:
    """The states of the bar a brief in `status` has gone past."""
    order = [value for value, _label in LIFECYCLE_BAR]
    return set(order[: order.index(status)]) if status in order else set()


BRIEF_LIST_FIELDS = (
    "title", "status", "version", "budget", "final_delivery", "updated_at", "account__name",
    "owner__username", "owner__first_name", "owner__last_name", "planner__username",
    "planner__first_name", "planner__last_name",
)  # fmt: skip


def brief_create(request):
    if not request.user.has_perm("briefs.create_brief"):
        raise PermissionDenied
    initial = {"account": parse_id(request.GET.get("account"))}
    form = BriefCreateForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            brief = brief_start(by=request.user, **form.cleaned_data)
        except ValidationError as refusal:
            form.add_error(None, refusal.messages[0])
        else:
            return redirect("briefs:brief_update", brief.pk)
    return render(request, "briefs/brief_create.html", {"form": form})


@require_POST
def request_to_brief(request, pk):
    """ "Turn into brief": make the request's brief, or open the one it became."""
    client_request = _visible_request(request, pk)
    if not request.user.has_perm("briefs.create_brief"):
        raise PermissionDenied
    form = ActionForm(request.POST)
    if not form.is_valid():
        return redirect(client_request)
    try:
        brief = brief_from_request(request=client_request, by=request.user)
    except ValidationError as refusal:
        messages.error(request, refusal.messages[0])
        return redirect(client_request)
    return redirect("briefs:brief_update", brief.pk)


def _visible_brief(request, pk) -> Brief:
    return get_object_or_404(
        Brief.objects.visible_to(request.user).select_related(
            "account__client", "owner", "planner", "creative_team", "request"
        ),
        pk=pk,
    )


def _brief_detail(request, brief, *, forms=None, status=200, all_rounds=False):
    """The brief's page, with bound forms (and their errors) where given."""
    forms = forms or {}
    user = request.user
    steps = [
        (step, forms.get(step.name) or BriefStepForm(step=step.name))
        for step in Brief.LIFECYCLE.available(brief.status)
        if step.name in Brief.BAR_STEPS and user.has_perm(step.rule, brief)
    ]
    can_log_feedback = brief.status == Brief.Status.PRESENTED and user.has_perm(
        "briefs.log_feedback", brief
    )
    editable = brief_editable_fields(brief, user)
    page = brief_page(brief, all_rounds=all_rounds)
    context = {
        "brief": brief,
        "steps": steps,
        "lifecycle": LIFECYCLE_BAR,
        "passed": passed_statuses(brief.status),
        "can_edit": editable is not None,
        "can_change_deliverables": brief.is_open
        and user.has_perm("briefs.manage_deliverables", brief),
        "can_acknowledge": user.has_perm("briefs.acknowledge_feedback", brief),
        "can_log_feedback": can_log_feedback,
        "deliverable_form": forms.get("deliverable") or DeliverableForm(),
        "included_rounds": included_rounds(brief.account_id),
        **page,
        "history": history_of(brief),
    }
    return render(request, "briefs/brief_detail.html", context, status=status)


def brief_detail(request, pk):
    # The latest rounds of feedback, unless all are asked for.
    return _brief_detail(request, _visible_brief(request, pk), all_rounds="rounds" in request.GET)


def brief_update(request, pk):
    brief = _visible_brief(request, pk)
    if not request.user.has_perm("briefs.edit_brief", brief):
        raise PermissionDenied
    editable = brief_editable_fields(brief, request.user)
    if editable is None:
        messages.error(
            request,
            _("This brief can't be edited while it is %(status)s.")
            % {"status": brief.get_status_display()},
        )
        return redirect(brief)
    form = BriefForm(request.POST or None, instance=brief, editable=editable)
    if (
        request.method == "POST"
        and form.is_valid()
        and form.save_through(brief_edit, brief=form.instance, by=request.user)
    ):
        messages.success(request, _("Brief saved."))
        return redirect(brief)
    context = {
        "form": form,
        "brief": brief,
        "locked_warning": brief.is_locked,
        "sections": Brief.SECTIONS,
    }
    return render(request, "briefs/brief_form.html", context)


@require_POST
def brief_step_view(request, pk, step):
    """One step of the status bar: its form validates the POST; a refusal is a message."""
    brief = _visible_brief(request, pk)
    if step not in Brief.BAR_STEPS:
        raise Http404
    if not request.user.has_perm(Brief.LIFECYCLE[step].rule, brief):
        raise PermissionDenied
    form = BriefStepForm(request.POST, step=step)
    if not form.is_valid():
        return _brief_detail(request, brief, forms={step: form}, status=400)
    try:
        brief_step(brief=brief, step=step, by=request.user, **form.cleaned_data)
    except ValidationError as refusal:
        messages.error(request, refusal.messages[0])
    else:
        messages.success(request, STEP_DONE[step])
    return redirect(brief)


def feedback_create(request, pk):
    """Log a round of client feedback on the brief's presented work."""
    brief = _visible_brief(request, pk)
    if not request.user.has_perm("briefs.log_feedback", brief):
        raise PermissionDenied
    if brief.status != Brief.Status.PRESENTED:
        messages.error(
            request, _("Feedback is logged on presented work: mark the brief presented first.")
        )
        return redirect(brief)
    form = FeedbackForm(request.POST or None, brief=brief)
    if request.method == "POST" and form.is_valid():
        try:
            feedback = feedback_log(brief=brief, by=request.user, **form.cleaned_data)
        except ValidationError as refusal:
            # Someone moved the brief on meanwhile: say so, and keep what was typed.
            form.add_error(None, refusal)
            context = {"form": form, "brief": brief, "round": brief.feedback_rounds + 1}
            return render(request, "briefs/feedback_form.html", context, status=409)
        messages.success(
            request,
            _("Feedback round %(round)s logged; it is being routed.") % {"round": feedback.round},
        )
        return redirect(feedback)
    status = 400 if form.is_bound else 200
    context = {"form": form, "brief": brief, "round": brief.feedback_rounds + 1}
    return render(request, "briefs/feedback_form.html", context, status=status)


@require_POST
def feedback_acknowledge_view(request, pk):
    feedback = get_object_or_404(
        Feedback.objects.filter(brief__in=Brief.objects.visible_to(request.user)).select_related(
            "brief"
        ),
        pk=pk,
    )
    if not request.user.has_perm("briefs.acknowledge_feedback", feedback.brief):
        raise PermissionDenied
    if ActionForm(request.POST).is_valid():
        try:
            feedback_acknowledge(feedback=feedback, by=request.user)
        except ValidationError as refusal:
            messages.error(request, refusal.messages[0])
        else:
            messages.success(request, _("Feedback acknowledged."))
    return redirect(feedback)


@require_POST
def deliverable_create(request, pk):
    brief = _visible_brief(request, pk)
    if not request.user.has_perm("briefs.manage_deliverables", brief):
        raise PermissionDenied
    form = DeliverableForm(request.POST)
    if not form.is_valid():
        return _brief_detail(request, brief, forms={"deliverable": form}, status=400)
    try:
        deliverable = deliverable_add(brief=brief, by=request.user, **form.cleaned_data)
    except ValidationError as refusal:
        messages.error(request, refusal.messages[0])
        return redirect(brief)
    messages.success(request, _("Deliverable added."))
    return redirect(deliverable)


@require_POST
def deliverable_deliver_view(request, pk):
    deliverable = get_object_or_404(
        Deliverable.objects.visible_to(request.user).select_related("brief"), pk=pk
    )
    if not request.user.has_perm("briefs.manage_deliverables", deliverable.brief):
        raise PermissionDenied
    form = DeliverForm(request.POST)
    if not form.is_valid():
        # A row's one-field form: its error is said above the page, which is shown again.
        for error in form.errors.get("delivered_on", []):
            messages.error(request, error)
        brief = _visible_brief(request, deliverable.brief_id)
        return _brief_detail(request, brief, status=400)
    try:
        deliverable_deliver(deliverable=deliverable, by=request.user, **form.cleaned_data)
    except ValidationError as refusal:
        messages.error(request, refusal.messages[0])
    else:
        messages.success(request, _("Marked delivered."))
    return redirect(deliverable)


def brief_versions(request, pk):
    """What changed between two submitted versions (the last two unless asked)."""
    brief = _visible_brief(request, pk)
    versions = list(BriefVersion.objects.filter(brief=brief).select_related("submitted_by"))
    by_number = {version.number: version for version in versions}
    form = VersionsForm(request.GET)
    newest = [version.number for version in versions[:2]]
    a = b = None
    if form.is_valid():
        a, b = form.cleaned_data.get("a"), form.cleaned_data.get("b")
    older = by_number.get(a) or (by_number.get(newest[1]) if len(newest) > 1 else None)
    newer = by_number.get(b) or (by_number.get(newest[0]) if newest else None)
    if older and newer and older.number > newer.number:
        older, newer = newer, older
    changes = version_changes(older, newer) if older and newer and older != newer else []
    context = {
        "brief": brief,
        "versions": versions,
        "older": older,
        "newer": newer,
        "changes": changes,
    }
    return render(request, "briefs/brief_versions.html", context)


def brief_print(request, pk):
    brief = _visible_brief(request, pk)
    context = {"brief": brief, "deliverables": list(brief.deliverables.all())}
    return render(request, "briefs/brief_print.html", context)


class CreativeTeamListView(PermissionRequiredMixin, ListView):
    permission_required = "briefs.manage_creative_teams"
    model = CreativeTeam
    template_name = "briefs/creative_team_list.html"
    context_object_name = "teams"


def creative_team_edit(request, pk=None):
    if not request.user.has_perm("briefs.manage_creative_teams"):
        raise PermissionDenied
    team = get_object_or_404(CreativeTeam, pk=pk) if pk else CreativeTeam()
    form = CreativeTeamForm(request.POST or None, instance=team)
    if request.method == "POST" and form.is_valid():
        if team.pk:
            saved = form.save_through(creative_team_save, team=form.instance, by=request.user)
        else:
            saved = creative_team_save(team=form.instance, by=request.user)
        if saved:
            messages.success(request, _("Creative team saved."))
            return redirect("briefs:creative_team_list")
    context = {"form": form, "history": history_of(team) if team.pk else None}
    return render(request, "briefs/creative_team_form.html", context)


@login_not_required
def calendar_feed(request, token):
    """A user's dates as iCalendar, for a calendar app to subscribe to without a log-in."""
    user = get_object_or_404(User, calendar_token=token, is_active=True)
    return HttpResponse(calendar_of(user), content_type="text/calendar; charset=utf-8")
