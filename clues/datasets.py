"""Dataset kinds of the nine departments (SPEC 5): declared columns and matching rules.

Every kind maps its columns onto the same few staging slots (person_id, name, code, amount,
event_date, year, note), so one staging table and one matcher serve them all. A rule is a SQL
condition over the resolved staging row ``r`` (the file's slots plus the matched member's columns
the rules read, see ``clues.matching.member_columns``) and the household ``r.household_id``; its
thresholds are named parameters filled from the policies (``clues.matching.rule_params``), never
literals here. A rule either raises a clue (``risk_type`` set) or lists a correction.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from accounts.models import Department
from households.choices import DisabilityGrade, DisasterSubtype, RiskType

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

SLOTS = ("person_id", "name", "code", "amount", "event_date", "year", "note")


@dataclass(frozen=True)
class Column:
    header: str
    slot: str
    type: str  # id / name / choice / date / amount / year / text
    required: bool = True
    choices: tuple[str, ...] = ()
    example: str = ""


@dataclass(frozen=True)
class Rule:
    code: str
    label: "StrOrPromise"
    where: str
    risk_type: str = ""  # set: the rule raises a clue; empty: it lists a correction
    subtype_sql: str = "''"

    @property
    def raises_clue(self) -> bool:
        return bool(self.risk_type)

    @property
    def reads_income(self) -> bool:
        return LATEST_INCOME.format(field="") in self.where


@dataclass(frozen=True)
class Kind:
    code: str
    label: "StrOrPromise"
    department: str
    columns: tuple[Column, ...]
    rules: tuple[Rule, ...]
    # The slot that tells one occurrence of a signal from the next (the year, the event date):
    # part of the clue's dedupe key, so re-uploading the same data raises nothing new.
    period_slot: str = "event_date"

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]


def id_column(header: str = "身份证号") -> Column:
    return Column(header, "person_id", "id", example="500230198005170038")


NAME = Column("姓名", "name", "name", example="张三")

# SQL pieces over the household ``r.household_id``; thresholds and dates are named parameters.
OPEN_CASE = (
    "EXISTS (SELECT 1 FROM monitoring_case c WHERE c.household_id = r.household_id "
    "AND c.status IN ('enrolling', 'monitored', 'exiting'))"
)
# The SQL twin of households.selectors.counting_income (begun by today, ending inside the window:
# a current-year record counts at once); keep the two in step. A rule reads the latest counting
# record of the row's household as ``income.<field>`` (NULL when there is none): the matcher joins
# LATEST_INCOME_JOIN once for the whole file (``{resolved}``: its resolved table) instead of looking
# the income up row by row.
LATEST_INCOME = "income.{field}"
LATEST_INCOME_JOIN = (
    "LEFT JOIN (SELECT i.household_id, i.net_income, i.per_capita_net, row_number() OVER "
    "(PARTITION BY i.household_id ORDER BY i.period_end DESC, i.id DESC) AS nth FROM households_incomerecord i "
    "WHERE i.period_end > %(income_since)s AND i.period_start <= %(today)s "
    "AND i.household_id IN (SELECT household_id FROM {resolved} WHERE member_id IS NOT NULL)) income "
    "ON income.household_id = r.household_id AND income.nth = 1"
)
ACTIVE_FLAG = (
    "EXISTS (SELECT 1 FROM households_householdflag f WHERE f.household_id = r.household_id AND f.kind = '{kind}' "
    "AND (f.start_date IS NULL OR f.start_date <= %(today)s) AND (f.end_date IS NULL OR f.end_date > %(today)s))"
)
ASSISTANCE_TYPES = ("低保", "特困", "低保边缘", "临时救助")

KIND_LIST = [
    Kind(
        "civil_assistance",
        _("民政：低保/特困/低保边缘/临时救助对象"),
        Department.CIVIL_AFFAIRS,
        (
            id_column(),
            NAME,
            Column("救助类别", "code", "choice", choices=ASSISTANCE_TYPES, example="低保"),
            Column("救助起始日期", "event_date", "date", example="2025-03-01"),
            Column("救助金额（元）", "amount", "amount", required=False, example="3600"),
        ),
        (
            # Below the line, or no income record in the window to show otherwise: let the village look.
            Rule(
                "assistance_not_monitored",
                _("享受社会救助但未纳入监测，收入低于监测范围"),
                f"NOT {OPEN_CASE} AND COALESCE({LATEST_INCOME.format(field='per_capita_net')}, -1) "
                "< %(line)s",
                risk_type=RiskType.OTHER,
            ),
            Rule(
                "assistance_flag_differs",
                _("救助身份与底册标识不一致"),
                "(r.code = '低保' AND NOT r.dibao) OR (r.code = '特困' AND NOT r.tekun) "
                f"OR (r.code = '低保边缘' AND NOT {ACTIVE_FLAG.format(kind='dibao_edge')})",
            ),
        ),
    ),
    Kind(
        "medical_enrolment",
        _("医保：基本医疗保险参保状态"),
        Department.MEDICAL_INSURANCE,
        (
            id_column(),
            NAME,
            Column("年度", "year", "year", example="2025"),
            Column("参保状态", "code", "choice", choices=("已参保", "未参保"), example="未参保"),
        ),
        (
            Rule(
                "medical_not_enrolled",
                _("未参加基本医疗保险"),
                "r.code = '未参保'",
                risk_type=RiskType.ILLNESS,
            ),
            Rule(
                "medical_enrolment_differs",
                _("参保状态与底册不一致"),
                "(r.code = '未参保' AND r.medical_insurance <> '未参保') "
                "OR (r.code = '已参保' AND r.medical_insurance = '未参保')",
            ),
        ),
        period_slot="year",
    ),
    Kind(
        "medical_costs",
        _("医保：合规自付医疗费用"),
        Department.MEDICAL_INSURANCE,
        (
            id_column(),
            NAME,
            Column("年度", "year", "year", example="2025"),
            Column("合规自付医疗费用（元）", "amount", "amount", example="12500.00"),
        ),
        (
            Rule(
                "medical_self_paid",
                _("合规自付医疗费用达到预警阈值或占家庭纯收入比例过高"),
                "r.amount >= %(medical_threshold)s OR (r.amount > 0 AND r.amount >= %(medical_share)s * "
                f"{LATEST_INCOME.format(field='net_income')})",
                risk_type=RiskType.ILLNESS,
            ),
        ),
        period_slot="year",
    ),
    Kind(
        "education_dropout",
        _("教育：义务教育阶段辍学学生"),
        Department.EDUCATION,
        (
            id_column(),
            NAME,
            Column("学校", "note", "text", required=False, example="栗子乡中心小学"),
            Column("辍学日期", "event_date", "date", example="2025-09-15"),
        ),
        (Rule("education_dropout", _("义务教育阶段辍学"), "1 = 1", risk_type=RiskType.SCHOOLING),),
    ),
    Kind(
        "housing_appraisal",
        _("住建：农村住房安全鉴定"),
        Department.HOUSING,
        (
            id_column("户主身份证号"),
            NAME,
            Column("鉴定等级", "code", "choice", choices=("A", "B", "C", "D"), example="C"),
            Column("鉴定日期", "event_date", "date", example="2025-06-20"),
        ),
        (
            Rule(
                "housing_unsafe",
                _("住房鉴定为C级或D级危房"),
                "r.code IN ('C', 'D')",
                risk_type=RiskType.HOUSING,
            ),
        ),
    ),
    Kind(
        "hr_unemployment",
        _("人社：失业登记、返乡失业人员"),
        Department.HUMAN_RESOURCES,
        (
            id_column(),
            NAME,
            Column(
                "登记类型", "code", "choice", choices=("失业登记", "返乡失业", "务工中断"), example="失业登记"
            ),
            Column("登记日期", "event_date", "date", example="2025-08-01"),
        ),
        (Rule("hr_unemployed", _("失业或务工中断"), "1 = 1", risk_type=RiskType.UNSTABLE_WORK),),
    ),
    Kind(
        "disability_certificate",
        _("残联：新办一、二级残疾人证"),
        Department.DISABILITY,
        (
            id_column("身份证号或残疾人证号"),
            NAME,
            Column("残疾等级", "code", "choice", choices=tuple(DisabilityGrade.values), example="一级"),
            Column("发证日期", "event_date", "date", example="2025-05-10"),
        ),
        (
            Rule(
                "disability_severe",
                _("新办一、二级残疾人证"),
                "r.code IN ('一级', '二级')",
                risk_type=RiskType.DISABILITY,
            ),
            Rule(
                "disability_differs",
                _("残疾信息与底册不一致"),
                "NOT r.disabled OR r.disability_grade <> r.code",
            ),
        ),
    ),
    Kind(
        "public_security",
        _("公安：死亡注销、户籍迁出"),
        Department.PUBLIC_SECURITY,
        (
            id_column(),
            NAME,
            Column("变动类型", "code", "choice", choices=("死亡", "迁出"), example="死亡"),
            Column("变动日期", "event_date", "date", example="2025-04-02"),
            Column("迁入地", "note", "text", required=False, example=""),
        ),
        (
            Rule("member_deceased", _("已死亡注销，底册未减员"), "r.code = '死亡' AND r.removed_on IS NULL"),
            Rule("member_moved", _("户籍已迁出，底册未减员"), "r.code = '迁出' AND r.removed_on IS NULL"),
        ),
    ),
    Kind(
        "emergency_disaster",
        _("应急管理：受灾农户"),
        Department.EMERGENCY,
        (
            id_column("户主身份证号"),
            NAME,
            Column("灾害类型", "code", "choice", choices=tuple(DisasterSubtype.values), example="洪涝"),
            Column("受灾日期", "event_date", "date", example="2025-07-12"),
            Column("损失金额（元）", "amount", "amount", required=False, example="20000"),
        ),
        (
            Rule(
                "disaster_affected",
                _("遭受自然灾害"),
                "1 = 1",
                risk_type=RiskType.DISASTER,
                subtype_sql="r.code",
            ),
        ),
    ),
    Kind(
        "water_unsafe",
        _("水利：饮水不安全农户"),
        Department.WATER,
        (
            id_column("户主身份证号"),
            NAME,
            Column("排查日期", "event_date", "date", example="2025-10-08"),
            Column("问题描述", "note", "text", required=False, example="季节性缺水"),
        ),
        (Rule("water_unsafe", _("饮水不安全"), "1 = 1", risk_type=RiskType.WATER),),
    ),
]

KINDS: dict[str, Kind] = {k.code: k for k in KIND_LIST}
RULES: dict[str, Rule] = {r.code: r for k in KIND_LIST for r in k.rules}

OTHER_RULE_LABELS = {"visit": _("走访发现风险"), "application": _("农户自主申报"), "demo": _("演示线索")}


def rule_label(code: str) -> str:
    from common.quality import REGISTRY  # a data-quality check's code (clues.channels)

    if code in RULES:
        return str(RULES[code].label)
    if code in REGISTRY:
        return str(REGISTRY[code].label)
    return str(OTHER_RULE_LABELS.get(code, code))


def kinds_for(user) -> list[Kind]:
    """The kinds ``user`` may upload: county users (and superusers) any, a department its own."""
    from accounts.models import Role

    if user.is_superuser or user.has_role(Role.COUNTY):
        return list(KIND_LIST)
    return [k for k in KIND_LIST if k.department in user.departments]
