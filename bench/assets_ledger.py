"""Benchmark: the asset ledger page at county size.

Creates a throw-away test database (SQLite by default, PostgreSQL with DATABASE_URL), fills it
with N assets spread over the 334 villages, 30 townships and the county of the demo regions (one
to three funding rows each), then times the ledger page as the county user, the township user and
a village user. Prints p50/p95 per case.

    python bench/assets_ledger.py --assets 50000 --repeat 20
"""

import argparse
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def fill(count: int) -> None:
    import random

    from assets.choices import AssetClass, AssetKind, FundingSource, OwnerType
    from assets.models import Asset, AssetFunding, Project
    from regions.models import Region

    rng = random.Random(1)
    regions = list(Region.objects.filter(level__in=["county", "township", "village"]))
    villages = [r for r in regions if r.level == "village"]
    projects = Project.objects.bulk_create(
        Project(name=f"项目{i}", year=2014 + i % 11, region=rng.choice(villages)) for i in range(2000)
    )
    classes = [AssetClass.REVENUE, AssetClass.PUBLIC, AssetClass.HOUSEHOLD]
    batch = []
    for i in range(count):
        region = rng.choice(villages) if i % 10 else rng.choice(regions)
        cls = classes[i % 3]
        batch.append(
            Asset(
                code=f"B{i:07d}",
                name=f"资产{i}",
                project=rng.choice(projects),
                asset_class=cls,
                kind=rng.choice(AssetKind.values),
                region=region,
                level=region.level,
                original_value=Decimal(rng.randrange(1000, 500000)),
                owner_type=OwnerType.HOUSEHOLD if cls == AssetClass.HOUSEHOLD else OwnerType.COLLECTIVE,
                owner_name="村股份经济合作联合社",
                operating_mode="leased" if cls == AssetClass.REVENUE else "",
            )
        )
    assets = Asset.objects.bulk_create(batch, batch_size=2000)
    sources = FundingSource.values
    AssetFunding.objects.bulk_create(
        (
            AssetFunding(asset=a, source=s, amount=a.original_value / 2)
            for a in assets
            for s in rng.sample(sources, 2)
        ),
        batch_size=5000,
    )


def time_page(client, url: str, params: dict, repeat: int) -> tuple[float, float]:
    client.get(url, params)  # warm-up: templates, connection, SQLite page cache
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url, params)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    samples.sort()
    return statistics.median(samples), samples[max(0, int(len(samples) * 0.95) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--assets", type=int, default=50000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_databases, setup_test_environment, teardown_databases
    from django.urls import reverse

    settings.ALLOWED_HOSTS = ["*"]
    setup_test_environment()
    old = setup_databases(verbosity=0, interactive=False)
    try:
        from accounts import demo as accounts_demo
        from accounts.models import User
        from regions import demo as regions_demo

        regions_demo.build()
        accounts_demo.build()
        started = time.perf_counter()
        fill(args.assets)
        if connection.vendor == "postgresql":  # as autovacuum would on a live database
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(f"{connection.vendor}: filled {args.assets} assets in {time.perf_counter() - started:.1f}s")
        url = reverse("assets:ledger")
        cases = [
            ("county ledger, first page", "county", {}),
            ("county ledger, filtered (class+kind)", "county", {"asset_class": "revenue", "kind": "road"}),
            ("county ledger, page 50", "county", {"page": 50}),
            ("township ledger", "township", {}),
            ("village ledger", "village_a", {}),
        ]
        for label, username, params in cases:
            client = Client()
            client.force_login(User.objects.get(username=username))
            p50, p95 = time_page(client, url, params, args.repeat)
            print(f"{label:<40} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms")
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
