"""脱贫村 (a village that left poverty): set by the county outside the admin (issue 20 item 7).

The flag gives the village priority in the income distribution of collective assets
(``assets.selectors.distribution_priority``). Villages left poverty between 2014 and 2020.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.scope import require_role
from common.errors import ServiceError
from regions.models import Region

FIRST_EXIT_YEAR, LAST_EXIT_YEAR = 2014, 2020


@transaction.atomic
def former_poor_village_set(*, village: Region, by: User, former_poor: bool, exit_year: int | None) -> Region:
    require_role(by, Role.COUNTY, region=village)
    if village.level != Region.Level.VILLAGE:
        raise ServiceError(_("只有村（社区）可以标记为脱贫村。"), code="not_a_village")
    if former_poor:
        if exit_year is None or not FIRST_EXIT_YEAR <= exit_year <= LAST_EXIT_YEAR:
            raise ServiceError(
                _("请填写脱贫年度（%(first)s—%(last)s）。")
                % {"first": FIRST_EXIT_YEAR, "last": LAST_EXIT_YEAR},
                field="exit_year",
            )
    else:
        exit_year = None
    village.former_poor_village, village.former_poor_exit_year = former_poor, exit_year
    village._history_user = by  # type: ignore[attr-defined]  # read by simple-history on save
    village.save(update_fields=["former_poor_village", "former_poor_exit_year"])  # history records it
    return village
