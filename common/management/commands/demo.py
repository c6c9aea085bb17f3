"""Build the demo county (丰都县): regions, users for each role, and each app's demo data.

Every app may ship a ``demo`` module with ``build(*, stdout, **options)``; they run in the order of
DEMO_APPS. Each build is idempotent: a second run finds its data and changes nothing.
"""

import importlib
import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

DEMO_APPS = [
    "regions",
    "accounts",
    "households",
    "monitoring",
    "assistance",
    "appeals",
    "employment",
    "microcredit",
    "relocation",
    "clues",
    "assets",
    "indicators",
    "grading",
]


class Command(BaseCommand):
    help = "建立演示县（丰都县）的区划、各角色账号和演示数据；可重复运行。"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--households", type=int, default=30000, help="演示农户数（默认 30000）")
        parser.add_argument("--seed", type=int, default=2026, help="随机种子，保证可重复")

    def handle(self, *args: Any, **options: Any) -> None:
        for app in DEMO_APPS:
            try:
                module = importlib.import_module(f"{app}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{app}.demo":
                    raise
                continue
            started = time.monotonic()
            module.build(**{**options, "stdout": self.stdout})
            self.stdout.write(f"  [{app}] {time.monotonic() - started:.1f}s")
        self.stdout.write(self.style.SUCCESS("演示数据已就绪。"))
        from accounts.demo import print_logins

        print_logins(self.stdout)
