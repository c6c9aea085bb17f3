from pathlib import Path

from django.core.management.base import BaseCommand

from indicators.loader import FIXTURE, load_plans


class Command(BaseCommand):
    help = "载入规划指标表（重庆市专栏1、彭水县表2-1、丰都县表2-1）；可重复运行。"

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=FIXTURE, help="指标表 JSON 文件")

    def handle(self, *args, **options):
        result = load_plans(options["file"])
        self.stdout.write(
            f"规划 {len(result.plans)} 个；指标新增 {result.created}，更新 {result.updated}，"
            f"未变 {result.unchanged}"
        )
