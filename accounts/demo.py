"""Demo users: one login per role, in chosen regions of 丰都县. Passwords are printed by `demo`."""

from typing import Any

from django.core.management.base import OutputWrapper
from django.db import transaction

from regions.models import Region

from .models import Department, Role, RoleAssignment, User

DEMO_PASSWORD = "shouxian2026"

# username, display name, role, region codes, department, full_ids
DEMO_USERS = [
    ("village_a", "张建国（建龙村信息员）", Role.VILLAGE, ["500230201201"], "", False),
    ("village_b", "李红梅（联合村信息员）", Role.VILLAGE, ["500230201202"], "", False),
    ("township", "王志强（栗子乡审核）", Role.TOWNSHIP, ["500230201000"], "", False),
    ("county", "陈立新（县乡村振兴局）", Role.COUNTY, ["500230000000"], "", True),
    ("viewer", "刘思远（统计只读）", Role.VIEWER, ["500230000000"], "", False),
    ("minzheng", "赵敏（县民政局）", Role.DEPARTMENT, ["500230000000"], Department.CIVIL_AFFAIRS, False),
    ("yibao", "周平（县医保局）", Role.DEPARTMENT, ["500230000000"], Department.MEDICAL_INSURANCE, False),
]


@transaction.atomic
def build(*, stdout: OutputWrapper | None = None, **options: Any) -> None:
    admin, created = User.objects.get_or_create(
        username="admin", defaults={"is_staff": True, "is_superuser": True, "first_name": "系统管理员"}
    )
    if created:
        admin.set_password(DEMO_PASSWORD)
        admin.save()
    for username, name, role, codes, department, full_ids in DEMO_USERS:
        user, created = User.objects.get_or_create(username=username, defaults={"first_name": name})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        assignment, _ = RoleAssignment.objects.get_or_create(
            user=user, role=role, department=department, defaults={"full_ids": full_ids}
        )
        assignment.regions.add(*Region.objects.filter(code__in=codes))


def print_logins(stdout: OutputWrapper) -> None:
    stdout.write("\n演示账号（密码均为 %s）：" % DEMO_PASSWORD)
    stdout.write(f"  {'admin':<10} 系统管理员（超级用户）")
    for username, name, *_ in DEMO_USERS:
        stdout.write(f"  {username:<10} {name}")
