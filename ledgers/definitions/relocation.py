"""安置点台账: each site with its size, the households and people moved, employment and measures."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from relocation.models import Relocation, Site
from relocation.selectors import site_figures

from ..columns import extra, integer, text
from ..registry import Ledger, register
from .common import place_columns


class _Figures:
    """The figures of one chunk of sites, read once for the five columns that show them."""

    def __init__(self) -> None:
        self.key: tuple[int, ...] = ()
        self.figures: dict[int, dict[str, int]] = {}

    def column(self, name: str):
        def lookup(pks: list[int]) -> dict[int, int]:
            if tuple(pks) != self.key:
                self.key = tuple(pks)
                self.figures = site_figures(pks, Relocation.objects.all(), timezone.localdate())
            return {pk: f[name] for pk, f in self.figures.items()}

        return lookup


_figures = _Figures()
FIGURE_COLUMNS = {
    "households": _("已搬迁户数"),
    "people": _("已搬迁人数"),
    "working_age": _("劳动年龄人口"),
    "working": _("务工人数"),
    "measures": _("后续帮扶措施（项）"),
}

register(
    Ledger(
        key="relocation_sites",
        title=_("安置点台账"),
        description=_(
            "易地扶贫搬迁安置点：所在区域、安置方式、规划与已搬迁户数人数、劳动年龄人口、务工人数、后续帮扶措施。"
        ),
        queryset=lambda: Site.objects.all(),
        columns=[
            *place_columns("region_id"),
            text(_("安置点名称"), "name", 20),
            text(_("安置方式"), "kind", 10),  # the choices' values are the Chinese labels
            integer(_("建成年份"), "completion_year", 8),
            integer(_("规划安置户数"), "planned_households"),
            integer(_("规划安置人数"), "planned_people"),
            *[extra(label, name, 12, kind="int") for name, label in FIGURE_COLUMNS.items()],
        ],
        order_by=("region__code", "name", "pk"),
        roles=(Role.TOWNSHIP, Role.COUNTY, Role.VIEWER),
        extras={name: _figures.column(name) for name in FIGURE_COLUMNS},
    )
)
