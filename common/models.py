from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.scope import ScopedQuerySet

from .policies import POLICIES


class PolicySettingQuerySet(ScopedQuerySet):
    pass


class PolicySetting(models.Model):
    """A county's (or the city's) override of a configurable policy number."""

    key = models.CharField(_("规则"), max_length=40, choices=[(k, p.label) for k, p in POLICIES.items()])
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, verbose_name=_("适用区域"))
    value = models.DecimalField(_("取值"), max_digits=12, decimal_places=2)
    basis = models.CharField(_("依据"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = PolicySettingQuerySet.as_manager()

    class Meta:
        verbose_name = _("政策参数")
        verbose_name_plural = _("政策参数")
        constraints = [models.UniqueConstraint(fields=["key", "region"], name="policy_unique_per_region")]

    def __str__(self) -> str:
        return f"{POLICIES[self.key].label}={self.value}"

    def clean(self):
        if self.key in POLICIES and self.value is not None and self.value < POLICIES[self.key].minimum:
            raise ValidationError({"value": _("取值不能小于 %s。") % POLICIES[self.key].minimum})
