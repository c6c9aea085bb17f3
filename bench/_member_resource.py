"""A plain django-import-export resource for the member sheet: the reference path that
``ledger_export.py`` measures the member ledger against (the app does not use it; see README,
Imports, for why neither the ledger export nor the household import is built on import-export)."""

from django.utils.translation import gettext_lazy as _
from import_export import fields, resources

from households.models import Member
from ledgers.definitions.households import health


def _field(attribute, header):
    return fields.Field(attribute=attribute, column_name=str(header))


class MemberResource(resources.ModelResource):
    number = _field("household__number", _("户编号"))
    township = fields.Field(column_name=str(_("乡镇（街道）")))
    village = _field("household__village__name", _("村（社区）"))
    group_name = _field("household__group_name", _("村民小组"))
    name = _field("name", _("姓名"))
    id_number = _field("id_number", _("证件号码"))
    relationship = _field("relationship", _("与户主关系"))
    ethnicity = _field("ethnicity", _("民族"))
    education = _field("education", _("文化程度"))
    school_status = _field("school_status", _("在校生状况"))
    labour_skill = _field("labour_skill", _("劳动技能"))
    months_worked = _field("months_worked", _("务工时间（月）"))
    health = fields.Field(column_name=str(_("健康状况")))
    disability_category = _field("disability_category", _("残疾类别"))
    disability_grade = _field("disability_grade", _("残疾等级"))
    political_status = _field("political_status", _("政治面貌"))
    medical_insurance = _field("medical_insurance", _("基本医疗保险"))
    critical_illness_insurance = fields.Field(column_name=str(_("大病保险")))
    pension_insurance = fields.Field(column_name=str(_("养老保险")))
    dibao = fields.Field(column_name=str(_("享受低保")))
    tekun = fields.Field(column_name=str(_("特困供养")))
    welfare_post = _field("welfare_post", _("公益岗位类型"))
    phone = _field("household__phone", _("联系电话"))
    address = _field("household__address", _("住址"))

    class Meta:
        model = Member
        # Only the declared columns, in the national system's order.
        fields = (
            "number", "township", "village", "group_name", "name", "id_number", "relationship",
            "ethnicity", "education", "school_status", "labour_skill", "months_worked", "health",
            "disability_category", "disability_grade", "political_status", "medical_insurance",
            "critical_illness_insurance", "pension_insurance", "dibao", "tekun", "welfare_post",
            "phone", "address",
        )  # fmt: skip
        import_id_fields = ("id_number",)

    def dehydrate_township(self, member):
        parent = member.household.village.parent
        return parent.name if parent else ""

    def dehydrate_health(self, member):
        return health(member.healthy, member.chronic_disease, member.serious_illness, member.disabled)

    def _yes_no(self, value):
        return "是" if value else "否"

    def dehydrate_critical_illness_insurance(self, member):
        return self._yes_no(member.critical_illness_insurance)

    def dehydrate_pension_insurance(self, member):
        return self._yes_no(member.pension_insurance)

    def dehydrate_dibao(self, member):
        return self._yes_no(member.dibao)

    def dehydrate_tekun(self, member):
        return self._yes_no(member.tekun)
