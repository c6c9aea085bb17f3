"""Maintenance and damage reports, yearly performance notes."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.scope import require_role
from common.errors import ServiceError

from ..models import Asset, MaintenanceReport, PerformanceNote
from .roles import LEDGER_ROLES, require_on_asset


@transaction.atomic
def maintenance_report(
    *, asset: Asset, by: User, kind: str, reported_on: date, description: str, cost: Decimal | None = None
) -> MaintenanceReport:
    require_on_asset(by, asset)
    if not description.strip():
        raise ServiceError(_("请填写情况说明。"), field="description")
    return MaintenanceReport.objects.create(
        asset=asset, kind=kind, reported_on=reported_on, description=description, cost=cost, reported_by=by
    )


@transaction.atomic
def performance_note_record(
    *, asset: Asset, by: User, year: int, rating: str, note: str = ""
) -> PerformanceNote:
    """Evaluation is the supervisors' (township, county) call, one note per asset and year."""
    require_role(by, *LEDGER_ROLES, region=asset.region)
    evaluation, _created = PerformanceNote.objects.update_or_create(
        asset=asset, year=year, defaults={"rating": rating, "note": note, "by": by}
    )
    return evaluation
