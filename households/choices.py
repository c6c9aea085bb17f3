"""Value lists of the national monitoring system (SPEC 3, 4).

The stored value is the national system's own wording, so imports and exports of national-system
spreadsheets map one to one; the label is the same text, marked for translation.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Relationship(models.TextChoices):
    HEAD = "户主", _("户主")
    SPOUSE = "配偶", _("配偶")
    SON = "之子", _("之子")
    DAUGHTER = "之女", _("之女")
    DAUGHTER_IN_LAW = "之儿媳", _("之儿媳")
    SON_IN_LAW = "之女婿", _("之女婿")
    GRANDSON = "之孙子", _("之孙子")
    GRANDDAUGHTER = "之孙女", _("之孙女")
    DAUGHTERS_SON = "之外孙子", _("之外孙子")
    DAUGHTERS_DAUGHTER = "之外孙女", _("之外孙女")
    FATHER = "之父", _("之父")
    MOTHER = "之母", _("之母")
    WIFES_FATHER = "之岳父", _("之岳父")
    WIFES_MOTHER = "之岳母", _("之岳母")
    HUSBANDS_FATHER = "之公公", _("之公公")
    HUSBANDS_MOTHER = "之婆婆", _("之婆婆")
    GRANDFATHER = "之祖父", _("之祖父")
    GRANDMOTHER = "之祖母", _("之祖母")
    MATERNAL_GRANDFATHER = "之外祖父", _("之外祖父")
    MATERNAL_GRANDMOTHER = "之外祖母", _("之外祖母")
    SIBLING = "之兄弟姐妹", _("之兄弟姐妹")
    GREAT_GRANDSON = "之曾孙子", _("之曾孙子")
    GREAT_GRANDDAUGHTER = "之曾孙女", _("之曾孙女")
    NEPHEW = "之侄儿", _("之侄儿")
    NIECE = "之侄女", _("之侄女")
    SISTER_IN_LAW = "之兄弟媳妇", _("之兄弟媳妇")
    UNCLE = "之叔伯", _("之叔伯")
    OTHER = "其他", _("其他")


class Education(models.TextChoices):
    ILLITERATE = "文盲或半文盲", _("文盲或半文盲")
    PRIMARY = "小学", _("小学")
    JUNIOR = "初中", _("初中")
    SENIOR = "高中", _("高中")
    COLLEGE = "大专", _("大专")
    BACHELOR = "本科及以上", _("本科及以上")


class SchoolStatus(models.TextChoices):
    PRESCHOOL_CHILD = "学龄前儿童", _("学龄前儿童")
    PRESCHOOL = "学前教育", _("学前教育")
    PRIMARY = "小学", _("小学")
    GRADE_7 = "七年级", _("七年级")
    GRADE_8 = "八年级", _("八年级")
    GRADE_9 = "九年级", _("九年级")
    HIGH_1 = "普通高中一年级", _("普通高中一年级")
    HIGH_2 = "普通高中二年级", _("普通高中二年级")
    HIGH_3 = "普通高中三年级", _("普通高中三年级")
    VOCATIONAL_1 = "中职一年级", _("中职一年级")
    VOCATIONAL_2 = "中职二年级", _("中职二年级")
    VOCATIONAL_3 = "中职三年级", _("中职三年级")
    HIGHER_VOCATIONAL_1 = "高职高专一年级", _("高职高专一年级")
    HIGHER_VOCATIONAL_2 = "高职高专二年级", _("高职高专二年级")
    HIGHER_VOCATIONAL_3 = "高职高专三年级", _("高职高专三年级")
    TECHNICIAN_1 = "技师学院一年级", _("技师学院一年级")
    TECHNICIAN_2 = "技师学院二年级", _("技师学院二年级")
    TECHNICIAN_3 = "技师学院三年级", _("技师学院三年级")
    TECHNICIAN_4 = "技师学院四年级", _("技师学院四年级")
    UNDERGRADUATE_1 = "本科一年级", _("本科一年级")
    UNDERGRADUATE_2 = "本科二年级", _("本科二年级")
    UNDERGRADUATE_3 = "本科三年级", _("本科三年级")
    UNDERGRADUATE_4 = "本科四年级", _("本科四年级")
    UNDERGRADUATE_5 = "本科五年级", _("本科五年级")
    POSTGRADUATE = "硕士研究生及以上", _("硕士研究生及以上")


# Compulsory education (义务教育): primary school and grades 7–9.
COMPULSORY_SCHOOL = {SchoolStatus.PRIMARY, SchoolStatus.GRADE_7, SchoolStatus.GRADE_8, SchoolStatus.GRADE_9}


class LabourSkill(models.TextChoices):
    ORDINARY = "普通劳动力", _("普通劳动力")
    SKILLED = "技能劳动力", _("技能劳动力")
    WEAK = "弱劳动力或半劳动力", _("弱劳动力或半劳动力")
    LOST = "丧失劳动力", _("丧失劳动力")
    NONE = "无劳动力", _("无劳动力")


ABLE_TO_WORK = {LabourSkill.ORDINARY, LabourSkill.SKILLED, LabourSkill.WEAK}


class PoliticalStatus(models.TextChoices):
    PARTY_MEMBER = "中共党员", _("中共党员")
    PROBATIONARY = "中共预备党员", _("中共预备党员")
    LEAGUE_MEMBER = "共青团员", _("共青团员")
    MASSES = "群众", _("群众")


class IdType(models.TextChoices):
    RESIDENT_ID = "居民身份证", _("居民身份证")
    DISABILITY_CERT = "残疾人证", _("残疾人证")


class Sex(models.TextChoices):
    MALE = "男", _("男")
    FEMALE = "女", _("女")


class MedicalInsurance(models.TextChoices):
    RESIDENT = "城乡居民医保", _("城乡居民医保")
    EMPLOYEE = "职工医保", _("职工医保")
    NONE = "未参保", _("未参保")


class DisabilityCategory(models.TextChoices):
    VISUAL = "视力", _("视力")
    HEARING = "听力", _("听力")
    SPEECH = "言语", _("言语")
    PHYSICAL = "肢体", _("肢体")
    INTELLECTUAL = "智力", _("智力")
    MENTAL = "精神", _("精神")
    MULTIPLE = "多重", _("多重")


class DisabilityGrade(models.TextChoices):
    GRADE_1 = "一级", _("一级")
    GRADE_2 = "二级", _("二级")
    GRADE_3 = "三级", _("三级")
    GRADE_4 = "四级", _("四级")


class WelfarePost(models.TextChoices):
    RURAL = "乡村公益性岗位", _("乡村公益性岗位")
    ECOLOGICAL = "生态护林员", _("生态护林员")
    OTHER = "其他公益岗位", _("其他公益岗位")


class HouseholdFlagKind(models.TextChoices):
    FORMER_POOR = "former_poor", _("脱贫户")
    RELOCATED = "relocated", _("易地扶贫搬迁")
    DIBAO = "dibao", _("低保")
    TEKUN = "tekun", _("特困供养")
    DIBAO_EDGE = "dibao_edge", _("低保边缘")
    NO_LABOUR = "no_labour", _("整户无劳动能力")


class RelocationMode(models.TextChoices):
    CENTRALISED = "集中安置", _("集中安置")
    SCATTERED = "分散安置", _("分散安置")


class RiskType(models.TextChoices):
    """致贫返贫风险 (national list)."""

    ILLNESS = "因病", _("因病")
    SCHOOLING = "因学", _("因学")
    DISABILITY = "因残", _("因残")
    DISASTER = "因自然灾害", _("因自然灾害")
    ACCIDENT = "因意外事故", _("因意外事故")
    BUSINESS_FAILURE = "因产业项目失败", _("因产业项目失败")
    UNSTABLE_WORK = "因务工就业不稳", _("因务工就业不稳")
    LACK_OF_LABOUR = "缺劳动力", _("缺劳动力")
    HOUSING = "因安全住房", _("因安全住房")
    WATER = "因安全饮水", _("因安全饮水")
    OTHER = "其他", _("其他")


class DisasterSubtype(models.TextChoices):
    FLOOD = "洪涝", _("洪涝")
    GEOLOGICAL = "地质", _("地质")
    DROUGHT = "旱灾", _("旱灾")
    BIOLOGICAL = "生物", _("生物")
    METEOROLOGICAL = "气象", _("气象")
    EARTHQUAKE = "地震", _("地震")
    OTHER = "其他", _("其他")


class VisitKind(models.TextChoices):
    HOME = "入户走访", _("入户走访")
    PHONE = "电话回访", _("电话回访")
    SWEEP = "集中排查", _("集中排查")


class Assurance(models.TextChoices):
    SECURE = "secure", _("有保障")
    PROBLEM = "problem", _("有问题")


# A visit's assurance marked "problem" suggests this risk (food and clothing has no own type).
RISK_BY_ASSURANCE = {
    "food_clothing": RiskType.OTHER,
    "education": RiskType.SCHOOLING,
    "medical": RiskType.ILLNESS,
    "housing": RiskType.HOUSING,
    "water": RiskType.WATER,
}


class IncomeChange(models.TextChoices):
    UP = "up", _("增加")
    SAME = "same", _("基本持平")
    DOWN = "down", _("减少")
