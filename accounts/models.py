from collections.abc import Iterable
from functools import cached_property
from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from regions.models import Region


class Role(models.TextChoices):
    VILLAGE = "village", _("村级信息员")
    TOWNSHIP = "township", _("乡镇审核")
    COUNTY = "county", _("县级审定")
    DEPARTMENT = "department", _("行业部门")
    VIEWER = "viewer", _("统计/只读")


# Roles that read the register (department users see only their own uploads).
REGISTER_ROLES = (Role.VILLAGE, Role.TOWNSHIP, Role.COUNTY, Role.VIEWER)


class Department(models.TextChoices):
    CIVIL_AFFAIRS = "civil_affairs", _("民政")
    MEDICAL_INSURANCE = "medical_insurance", _("医保")
    EDUCATION = "education", _("教育")
    HOUSING = "housing", _("住建")
    HUMAN_RESOURCES = "human_resources", _("人社")
    DISABILITY = "disability", _("残联")
    PUBLIC_SECURITY = "public_security", _("公安")
    EMERGENCY = "emergency", _("应急管理")
    WATER = "water", _("水利")


class User(AbstractUser):
    """Custom from the first migration so fields can be added without a painful swap later."""

    phone = models.CharField(_("手机号"), max_length=11, blank=True)
    # With NOTIFY_BY_EMAIL: one e-mail a day listing the day's notifications instead of one each.
    notify_digest = models.BooleanField(_("每日汇总邮件"), default=False)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    @cached_property
    def assignments(self) -> list["RoleAssignment"]:
        """This user's role assignments with their regions, loaded once per request."""
        return list(self.role_assignments.prefetch_related("regions"))

    @cached_property
    def roles(self) -> frozenset[str]:
        return frozenset(a.role for a in self.assignments)

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    @cached_property
    def departments(self) -> frozenset[str]:
        return frozenset(a.department for a in self.assignments if a.role == Role.DEPARTMENT and a.department)

    def scope_roots(self, roles: Iterable[str] | None = None) -> list["Region"]:
        """The regions assigned to this user for ``roles`` (default: the roles that read the
        register), not their subtrees; ``accounts.scope`` and ``Region.objects.visible_to`` use it."""
        roles = REGISTER_ROLES if roles is None else roles
        return [r for a in self.assignments if a.role in roles for r in a.regions.all()]

    def sees_full_ids(self) -> bool:
        """Full ID numbers and phones: village cadres who keep the register, and county users
        explicitly granted it; everyone else (viewers above all) sees them masked."""
        if self.is_superuser:
            return True
        return any(a.role == Role.VILLAGE or (a.role == Role.COUNTY and a.full_ids) for a in self.assignments)


class RoleAssignment(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("角色"), max_length=12, choices=Role.choices)
    regions = models.ManyToManyField(
        "regions.Region", related_name="role_assignments", verbose_name=_("区域")
    )
    department = models.CharField(_("部门"), max_length=20, choices=Department.choices, blank=True)
    full_ids = models.BooleanField(
        _("可查看完整身份证号和电话"), default=False, help_text=_("仅对县级角色生效。")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("角色分配")
        verbose_name_plural = _("角色分配")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "department"], name="assignment_unique_role"),
            models.CheckConstraint(
                condition=models.Q(role="department", department__gt="") | ~models.Q(role="department"),
                name="assignment_department_needs_department",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"
