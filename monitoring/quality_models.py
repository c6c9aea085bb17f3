"""Nightly data-quality figures: how many findings each check had in each village on a day."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.scope import ScopedQuerySet


class QualityCountQuerySet(ScopedQuerySet["QualityCount"]):
    region_field = "village"


class QualityCount(models.Model):
    day = models.DateField(_("日期"))
    code = models.CharField(_("检查项"), max_length=40)
    village = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="+")
    count = models.PositiveIntegerField(_("问题数"))

    objects = QualityCountQuerySet.as_manager()

    class Meta:
        verbose_name = _("数据质量统计")
        verbose_name_plural = _("数据质量统计")
        constraints = [models.UniqueConstraint(fields=["day", "code", "village"], name="qualitycount_unique")]

    def __str__(self) -> str:
        return f"{self.day} {self.code} {self.village_id}: {self.count}"
