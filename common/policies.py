"""Configurable policy numbers (SPEC: "configurable" rules).

The seeds leave these numbers to each province or county. Each has a default shipped here; a
county (or the city) overrides it in the database through :class:`common.models.PolicySetting`,
with history. Code asks ``policy_value(key, region)`` and never hard-codes the number.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from regions.models import Region


@dataclass(frozen=True)
class Policy:
    key: str
    label: "StrOrPromise"
    default: Decimal
    unit: "StrOrPromise" = ""
    minimum: Decimal = Decimal(0)


POLICIES = {
    p.key: p
    for p in [
        Policy("notice_days", _("村级评议公示天数"), Decimal(5), _("天"), Decimal(1)),
        Policy(
            "township_opinions", _("乡镇联合审核最少意见数（不同科室）"), Decimal(1), _("个科室"), Decimal(1)
        ),
        Policy("case_deadline_days", _("发现风险至县级审定时限"), Decimal(15), _("天"), Decimal(1)),
        Policy("income_window_months", _("收入核算窗口"), Decimal(12), _("个月"), Decimal(1)),
        Policy("exit_min_months", _("帮扶消除最短监测时长"), Decimal(6), _("个月")),
        Policy("exit_income_margin", _("风险消除收入高于监测范围的幅度"), Decimal(0), _("元/人")),
        Policy("measure_days", _("纳入后落实帮扶措施时限"), Decimal(30), _("天"), Decimal(1)),
        Policy("medical_self_paid_threshold", _("医保自付费用预警阈值"), Decimal(10000), _("元")),
        Policy("medical_income_share", _("医保自付费用占家庭纯收入比例阈值"), Decimal("0.5"), ""),
        Policy("clue_dispatch_days", _("预警线索分派时限"), Decimal(3), _("天"), Decimal(1)),
        Policy("clue_verify_days", _("预警线索核验时限"), Decimal(7), _("天"), Decimal(1)),
        Policy("clue_remind_days", _("预警线索到期前提醒天数"), Decimal(2), _("天")),
        Policy(
            "exit_visit_days",
            _("证明三保障的走访距风险消除提名及县审定的最长天数"),
            Decimal(30),
            _("天"),
            Decimal(1),
        ),
        # Switches: 1 = on, 0 = off. Evidence (a photo or PDF scan) per step of each procedure.
        *[
            Policy(
                f"evidence_{procedure}_step{step}",
                _("%(procedure)s第%(step)s步须上传材料（1=必须，0=可选）")
                % {"procedure": label, "step": step},
                Decimal(1 if (procedure, step) == ("enrolment", 2) else 0),
            )
            for procedure, label in (("enrolment", _("纳入")), ("exit", _("风险消除")))
            for step in range(1, 6)
        ],
        Policy("contact_required_block", _("县审定纳入时无帮扶责任人（1=不予审定，0=提示）"), Decimal(0)),
        # Files (common.files) and bounded parsing (common.xlsx_guard).
        Policy("upload_max_mb_document", _("照片、PDF上传大小上限"), Decimal(10), "MB", Decimal(1)),
        Policy("upload_max_mb_data", _("数据文件（XLSX/CSV）上传大小上限"), Decimal(50), "MB", Decimal(1)),
        Policy("file_retention_days", _("部门数据与导入文件保存天数"), Decimal(180), _("天"), Decimal(1)),
        Policy("xlsx_max_unzipped_mb", _("Excel文件解压后大小上限"), Decimal(300), "MB", Decimal(1)),
        Policy("xlsx_max_ratio", _("Excel文件压缩比上限"), Decimal(100), _("倍"), Decimal(10)),
        Policy("xlsx_max_cells", _("Excel文件单元格数上限"), Decimal(5_000_000), _("个"), Decimal(1000)),
        Policy("xlsx_max_columns", _("Excel文件列数上限"), Decimal(200), _("列"), Decimal(10)),
        # Risk grading and the visiting grid (grading): weights are points added to the score.
        Policy("grade_red_score", _("风险等级：红色最低分"), Decimal(60), _("分"), Decimal(1)),
        Policy("grade_orange_score", _("风险等级：橙色最低分"), Decimal(35), _("分"), Decimal(1)),
        Policy("grade_yellow_score", _("风险等级：黄色最低分"), Decimal(15), _("分"), Decimal(1)),
        Policy("grade_income_margin", _("收入仅略高于监测范围的幅度"), Decimal("0.2"), ""),
        Policy("grade_w_below_line", _("权重：人均纯收入低于监测范围"), Decimal(50), _("分")),
        Policy("grade_w_near_line", _("权重：人均纯收入略高于监测范围"), Decimal(25), _("分")),
        Policy("grade_w_no_income", _("权重：收入窗口内无收入记录"), Decimal(10), _("分")),
        Policy("grade_income_drop", _("人均纯收入下降预警比例"), Decimal("0.2"), ""),
        Policy("grade_w_income_drop", _("权重：人均纯收入明显下降"), Decimal(15), _("分")),
        Policy("grade_w_case_risk", _("权重：监测中每项风险类型"), Decimal(10), _("分")),
        Policy("grade_w_open_clue", _("权重：每条未办结预警线索"), Decimal(10), _("分")),
        Policy("grade_w_department", _("权重：近一年每项部门比对预警"), Decimal(10), _("分")),
        Policy("grade_w_visit_problem", _("权重：最近走访每项三保障/饮水问题"), Decimal(15), _("分")),
        Policy("grade_labour_share", _("有劳动能力成员占比下限"), Decimal("0.5"), ""),
        Policy("grade_w_labour", _("权重：劳动能力不足"), Decimal(10), _("分")),
        Policy("grade_w_special_group", _("权重：每类特殊群体"), Decimal(5), _("分")),
        Policy("visit_days_red", _("走访周期：红色"), Decimal(7), _("天"), Decimal(1)),
        Policy("visit_days_orange", _("走访周期：橙色"), Decimal(15), _("天"), Decimal(1)),
        Policy("visit_days_yellow", _("走访周期：黄色"), Decimal(30), _("天"), Decimal(1)),
        Policy("visit_days_green", _("走访周期：绿色"), Decimal(90), _("天"), Decimal(1)),
        Policy("visit_days_dibao", _("走访周期：低保对象"), Decimal(90), _("天"), Decimal(1)),
        Policy("visit_days_tekun", _("走访周期：特困人员"), Decimal(30), _("天"), Decimal(1)),
        Policy("visit_days_severe_disability", _("走访周期：重度残疾人"), Decimal(30), _("天"), Decimal(1)),
        Policy("visit_days_disabled_elderly", _("走访周期：失能老年人"), Decimal(30), _("天"), Decimal(1)),
        Policy("visit_days_left_behind", _("走访周期：三留守人员"), Decimal(30), _("天"), Decimal(1)),
        # A household in an open case (纳入程序中, 监测中, 风险消除程序中) is visited at least this often.
        Policy("visit_days_case", _("走访周期：监测对象"), Decimal(30), _("天"), Decimal(1)),
        Policy("visit_escalate_days", _("走访逾期报乡镇天数"), Decimal(7), _("天"), Decimal(1)),
        # Appeals (申诉/复核): days each step has, counted from the day the appeal reached it.
        Policy("appeal_township_days", _("申诉乡镇复核时限"), Decimal(10), _("天"), Decimal(1)),
        Policy("appeal_county_days", _("申诉县级复核时限"), Decimal(15), _("天"), Decimal(1)),
        Policy("appeal_inform_days", _("申诉结果告知时限"), Decimal(5), _("天"), Decimal(1)),
        # Microcredit (扶贫小额信贷: 5万元以下、3年以内; overdue alerts).
        Policy("loan_max_amount", _("小额信贷单户贷款额度上限"), Decimal(50000), _("元"), Decimal(1)),
        Policy("loan_max_term_months", _("小额信贷贷款期限上限"), Decimal(36), _("个月"), Decimal(1)),
        Policy("loan_overdue_grace_days", _("小额信贷应还日后认定逾期的宽限天数"), Decimal(0), _("天")),
        Policy("loan_overdue_township_days", _("小额信贷逾期报乡镇天数"), Decimal(30), _("天"), Decimal(1)),
        # Area alerts (区域性、规模性风险预警, grading.services.alerts): shares of a village's or a
        # township's graded households; an alert needs at least alert_min_households of them.
        Policy("alert_grade_share", _("区域预警：红色、橙色户占比阈值"), Decimal("0.3"), ""),
        Policy("alert_clue_share", _("区域预警：窗口内新增同类线索户占比阈值"), Decimal("0.05"), ""),
        Policy("alert_income_drop_share", _("区域预警：窗口内收入明显下降户占比阈值"), Decimal("0.1"), ""),
        Policy("alert_min_households", _("区域预警：最少涉及户数"), Decimal(5), _("户"), Decimal(1)),
        Policy("alert_window_days", _("区域预警：统计窗口"), Decimal(30), _("天"), Decimal(1)),
    ]
}


def policy_value(key: str, region: "Region | None" = None) -> Decimal:
    """The value in force for ``region``: the override of its nearest ancestor, else the default."""
    from .models import PolicySetting

    policy = POLICIES[key]
    if region is None:
        return policy.default
    codes = region.path.strip("/").split("/")
    override = (
        PolicySetting.objects.filter(key=key, region__code__in=codes).order_by("-region__depth").first()
    )
    return override.value if override else policy.default


def policy_int(key: str, region: "Region | None" = None) -> int:
    return int(policy_value(key, region))
