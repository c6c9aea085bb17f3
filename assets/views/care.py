"""Maintenance/damage reports and performance notes, posted from the asset page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.scope import require_role
from common.actions import run

from ..forms import BeneficiariesForm, MaintenanceForm, PerformanceForm
from ..services.care import maintenance_report, performance_note_record
from ..services.ledger import asset_beneficiaries_set
from ..services.roles import LEDGER_ROLES, RECORD_ROLES
from .base import post_on_asset, visible_asset


@require_POST
@login_required
def report_new(request, pk: int):
    return post_on_asset(
        request, pk, roles=RECORD_ROLES, form_class=MaintenanceForm, service=maintenance_report,
        invalid=_("报告填写有误：%s"), done=_("报告已登记。"),
    )  # fmt: skip


@require_POST
@login_required
def evaluation_new(request, pk: int):
    return post_on_asset(
        request, pk, roles=LEDGER_ROLES, form_class=PerformanceForm, service=performance_note_record,
        invalid=_("绩效评价填写有误：%s"), done=_("绩效评价已保存。"),
    )  # fmt: skip


@require_POST
@login_required
def beneficiaries_set(request, pk: int):
    asset = visible_asset(request.user, pk)
    require_role(request.user, *RECORD_ROLES, region=asset.region)
    form = BeneficiariesForm(request.POST, region=asset.region)
    if not form.is_valid():
        for error in form.errors.get("numbers", []):
            messages.error(request, str(error))
    elif (
        count := run(
            request,
            asset_beneficiaries_set,
            asset=asset,
            by=request.user,
            households=form.cleaned_data["numbers"],
        )
    ) is not None:
        messages.success(request, _("受益农户已更新（%d 户）。") % count)
    return redirect("assets:asset", pk=asset.pk)
