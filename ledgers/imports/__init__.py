"""Import kinds: what a file holds, who may bring it in, how it is validated and written."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from households.rules import REGISTER_WRITERS

from . import actuals, assets, households, member_rows


@dataclass(frozen=True)
class ImportKind:
    key: str
    label: Any
    roles: tuple[str, ...]
    validate: Callable  # (path, user) -> plan with .errors, .rows, .summary()
    commit: Callable  # (plan, by) -> summary dict, inside the caller's transaction
    headers: Callable[[], list[str]]  # the template's header row
    required: list[str]
    help: Any = ""
    # A kind whose valid plan is kept between the dry run and the commit: ``keep(plan, stream)``
    # writes it, ``kept(stream, user)`` reads it back, or None when the register has changed since
    # (the commit then validates again). Kinds without them validate again at every commit.
    keep: Callable | None = None
    kept: Callable | None = None

    def allowed(self, user) -> bool:
        return user.is_superuser or user.has_role(*self.roles)


IMPORT_KINDS: dict[str, ImportKind] = {
    "households": ImportKind(
        key="households",
        label=_("农户及家庭成员"),
        # The register services' writers: a county user reads the register but does not write it.
        roles=REGISTER_WRITERS,
        validate=households.validate,
        commit=households.commit,
        headers=lambda: member_rows.HEADERS,
        required=households.REQUIRED,
        keep=households.keep,
        kept=households.kept,
        help=_("国家防返贫监测系统成员表格式，一人一行；按户编号和身份证号识别，重复导入不会重复登记。"),
    ),
    "actuals": ImportKind(
        key="actuals",
        label=_("规划指标实际值"),
        roles=(Role.COUNTY,),
        validate=actuals.validate,
        commit=actuals.commit,
        headers=lambda: actuals.HEADERS,
        required=actuals.REQUIRED,
        help=_(
            "每行一个指标在一个区域一个年度的实际值；按规划标识+序号+区域代码+年度识别，重复导入不会重复。"
        ),
    ),
    "assets": ImportKind(
        key="assets",
        label=_("项目资产台账"),
        roles=(Role.TOWNSHIP, Role.COUNTY),
        validate=assets.validate,
        commit=assets.commit,
        headers=lambda: assets.HEADERS,
        required=assets.REQUIRED,
        help=_(
            "每行一项资产，权属类型等按中文填写，资金来源每项一列（空为 0，合计应等于原值）；"
            "按资产编号识别，项目按名称和年度匹配，没有则新建；重复导入不会重复登记。"
        ),
    ),
}


def kinds_for(user) -> list[ImportKind]:
    return [kind for kind in IMPORT_KINDS.values() if kind.allowed(user)]
