"""Write sample department files (one per dataset kind) that hit the register in the database."""

from django.core.management.base import BaseCommand

from clues.demo import sample_people
from clues.samples import write_samples
from households.models import Member


class Command(BaseCommand):
    help = "按当前底册生成各部门数据样例文件（含命中、姓名不一致、不在库的行）。"

    def add_arguments(self, parser):
        parser.add_argument("--out", default="samples", help="输出目录（默认 samples/）")
        parser.add_argument("--rows", type=int, default=12, help="每个文件取底册人员数")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--demo-people", action="store_true", help="只取演示线索的固定人员（生成仓库中的静态样例）"
        )

    def handle(self, *args, **options):
        members = Member.objects.current()
        if options["demo_people"]:
            members = members.filter(person_id__in=[p[3] for p in sample_people()])
        if not members.exists():
            self.stderr.write("底册中没有人员，请先运行 python manage.py demo。")
            return
        for path in write_samples(
            options["out"], members_qs=members, per_kind=options["rows"], seed=options["seed"]
        ):
            self.stdout.write(path)
