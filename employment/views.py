"""Pages of the employment register (就业帮扶台账, 跟踪随访) and of the public-welfare posts (公益岗位)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from accounts.scope import REGISTER_ROLES, get_visible_or_404, require_role, user_may
from common.actions import submit
from common.pagination import paginate
from common.workflow import allowed_actions

from . import services
from .actions import APPOINTMENT_ACTIONS
from .filters import EmploymentRecordFilter, WelfarePostFilter
from .forms import (
    AttendanceForm,
    FollowUpForm,
    PayForm,
    PostFilterForm,
    PostForm,
    ProposeForm,
    RecordFilterForm,
)
from .models import Appointment, Attendance, EmploymentRecord, FollowUp, WelfarePost
from .selectors import due_follow_ups, work_figures


@login_required
def record_list(request: HttpRequest) -> HttpResponse:
    """就业帮扶台账: every member followed, with the 务工 figures of the rows shown."""
    require_role(request.user, *REGISTER_ROLES)
    records = EmploymentRecord.objects.visible_to(request.user)
    form = RecordFilterForm(request.GET or None, user=request.user)
    if form.is_valid():
        records = EmploymentRecordFilter(request=request).apply(records, form.cleaned_data)
    figures = work_figures(records)
    page = paginate(
        request,
        records.select_related("member", "household__village").order_by(
            "household__village__code", "household__number", "member_id"
        ),
    )
    return render(
        request, "employment/record_list.html", {"form": form, "page_obj": page, "figures": figures}
    )


@login_required
def follow_up_list(request: HttpRequest) -> HttpResponse:
    """The village cadre's due follow-ups (this quarter and any missed one)."""
    require_role(request.user, Role.VILLAGE)
    follow_ups = due_follow_ups(FollowUp.objects.visible_to(request.user), timezone.localdate())
    return render(request, "employment/follow_up_list.html", {"page_obj": paginate(request, follow_ups)})


@login_required
def follow_up_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_role(request.user, Role.VILLAGE)
    follow_up = get_visible_or_404(
        FollowUp.objects.select_related("member", "household__village"), request.user, pk=pk
    )
    record = EmploymentRecord.objects.filter(member_id=follow_up.member_id).first()
    initial: dict[str, Any] = {}
    if record is not None and record.status != "unknown":
        initial = {
            "employment_status": record.status,
            "employer": record.employer,
            "months": record.months,
            "income": record.income,
        }
    form = FollowUpForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if submit(form, services.follow_up_record, follow_up=follow_up, by=request.user, **form.cleaned_data):
            messages.success(request, _("已记录就业跟踪随访。"))
            return redirect("employment:follow_ups")
    return render(
        request, "employment/follow_up_form.html", {"form": form, "follow_up": follow_up, "record": record}
    )


@login_required
def post_list(request: HttpRequest) -> HttpResponse:
    require_role(request.user, *REGISTER_ROLES)
    posts = WelfarePost.objects.visible_to(request.user).select_related("village")
    form = PostFilterForm(request.GET or None, user=request.user)
    if form.is_valid():
        posts = WelfarePostFilter(request=request).apply(posts, form.cleaned_data)
    posts = posts.annotate(
        held=Count("appointments", filter=Q(appointments__status__in=Appointment.HOLDING))
    ).order_by("village__code", "kind", "pk")
    may_add = user_may(request.user, Role.VILLAGE, Role.TOWNSHIP)
    return render(
        request,
        "employment/post_list.html",
        {"form": form, "page_obj": paginate(request, posts), "may_add": may_add},
    )


@login_required
def post_add(request: HttpRequest) -> HttpResponse:
    require_role(request.user, Role.VILLAGE, Role.TOWNSHIP)
    form = PostForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        post = submit(form, services.post_create, by=request.user, **form.cleaned_data)
        if post is not None:
            messages.success(request, _("已设立公益岗位。"))
            return redirect("employment:post", pk=post.pk)
    return render(request, "employment/post_form.html", {"form": form})


def _render_post(request: HttpRequest, post: WelfarePost, form: ProposeForm | None = None) -> HttpResponse:
    appointments = post.appointments.select_related("member", "household").order_by(
        "status", "-proposed_on", "pk"
    )
    may_propose = user_may(request.user, Role.VILLAGE, region=post.village)
    if may_propose and form is None:
        form = ProposeForm(post=post, initial={"proposed_on": timezone.localdate()})
    held = sum(1 for a in appointments if a.status in Appointment.HOLDING)
    return render(
        request,
        "employment/post_detail.html",
        {"post": post, "appointments": appointments, "form": form if may_propose else None, "held": held},
    )


@login_required
def post_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_role(request.user, *REGISTER_ROLES)
    post = get_visible_or_404(WelfarePost.objects.select_related("village"), request.user, pk=pk)
    return _render_post(request, post)


@require_POST
@login_required
def appointment_propose(request: HttpRequest, pk: int) -> HttpResponse:
    require_role(request.user, *REGISTER_ROLES)
    post = get_visible_or_404(WelfarePost.objects.select_related("village"), request.user, pk=pk)
    form = ProposeForm(request.POST, post=post)
    if form.is_valid():
        appointment = submit(
            form, services.appointment_propose, post=post, by=request.user, **form.cleaned_data
        )
        if appointment is not None:
            messages.success(request, _("已提出拟聘，待乡镇审核。"))
            return redirect("employment:appointment", pk=appointment.pk)
    return _render_post(request, post, form)


def _appointment(request: HttpRequest, pk: int) -> Appointment:
    return get_visible_or_404(
        Appointment.objects.select_related("post__village", "member", "household"), request.user, pk=pk
    )


def _render_appointment(
    request: HttpRequest,
    appointment: Appointment,
    *,
    bound: dict[str, Any] | None = None,
    attendance_form: AttendanceForm | None = None,
    pay_forms: dict[int, PayForm] | None = None,
) -> HttpResponse:
    bound = bound or {}
    names = list(dict.fromkeys([*allowed_actions(appointment, request.user), *bound]))
    actions = [
        {"spec": APPOINTMENT_ACTIONS[name], "form": bound.get(name) or APPOINTMENT_ACTIONS[name].form()}
        for name in names
    ]
    village = appointment.post.village
    may_record = appointment.status != Appointment.Status.PROPOSED and user_may(
        request.user, Role.VILLAGE, region=village
    )
    may_pay = user_may(request.user, Role.TOWNSHIP, region=village)
    rows = list(appointment.attendance.select_related("paid_by").order_by("-month"))
    pay_forms = pay_forms or {}
    for row in rows:
        row.pay_form = pay_forms.get(row.pk) or (  # type: ignore[attr-defined]
            PayForm(initial={"paid_on": timezone.localdate()})
            if may_pay and row.passed and row.paid_on is None
            else None
        )
    return render(
        request,
        "employment/appointment_detail.html",
        {
            "appointment": appointment,
            "actions": actions,
            "attendance": rows,
            "attendance_form": (attendance_form or AttendanceForm(initial={"month": timezone.localdate()}))
            if may_record
            else None,
        },
    )


@login_required
def appointment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_role(request.user, *REGISTER_ROLES)
    return _render_appointment(request, _appointment(request, pk))


@require_POST
@login_required
def appointment_transition(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    spec = APPOINTMENT_ACTIONS.get(verb)
    if spec is None:
        raise Http404
    require_role(request.user, *REGISTER_ROLES)
    appointment = _appointment(request, pk)
    form = spec.form(request.POST)
    if form.is_valid():
        if submit(form, spec.service, appointment=appointment, by=request.user, **form.cleaned_data):
            messages.success(request, _("聘用状态已更新为“%s”。") % appointment.get_status_display())
            return redirect("employment:appointment", pk=pk)
    return _render_appointment(request, appointment, bound={verb: form})


@require_POST
@login_required
def attendance_add(request: HttpRequest, pk: int) -> HttpResponse:
    require_role(request.user, *REGISTER_ROLES)
    appointment = _appointment(request, pk)
    form = AttendanceForm(request.POST)
    if form.is_valid():
        if submit(
            form, services.attendance_record, appointment=appointment, by=request.user, **form.cleaned_data
        ):
            messages.success(request, _("已登记考勤。"))
            return redirect("employment:appointment", pk=pk)
    return _render_appointment(request, appointment, attendance_form=form)


@require_POST
@login_required
def subsidy_pay(request: HttpRequest, pk: int) -> HttpResponse:
    require_role(request.user, *REGISTER_ROLES)
    attendance = get_visible_or_404(
        Attendance.objects.select_related("appointment__post__village"), request.user, pk=pk
    )
    form = PayForm(request.POST)
    if form.is_valid():
        if submit(form, services.subsidy_pay, attendance=attendance, by=request.user, **form.cleaned_data):
            messages.success(request, _("已记录补贴发放。"))
            return redirect("employment:appointment", pk=attendance.appointment_id)
    return _render_appointment(
        request, _appointment(request, attendance.appointment_id), pay_forms={pk: form}
    )
