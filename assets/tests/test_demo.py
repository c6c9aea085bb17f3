from django.core.management import call_command

from assets.models import Asset, AssetFunding, DistributionPlan, Inventory
from assets.selectors import projects_without_assets


def test_demo_builds_a_few_hundred_assets_once(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo", households=0, stdout=open("/dev/null", "w"))
    count = Asset.objects.count()
    assert 200 <= count <= 500
    assert set(Asset.objects.values_list("level", flat=True)) == {"county", "township", "village"}
    assert set(Asset.objects.values_list("asset_class", flat=True)) == {"revenue", "public", "household"}
    assert Asset.objects.filter(name="八耳寺水库", level="county").exists()
    # Every asset's funding adds up to its value.
    for asset in Asset.objects.all()[:50]:
        assert sum(f.amount for f in asset.fundings.all()) == asset.original_value
    assert Inventory.objects.filter(status="open").exists()
    from assets.models import FundRequest

    # 运维基金: a request in every state, in 栗子乡 where the demo township user works.
    assert set(FundRequest.objects.values_list("status", flat=True)) == set(FundRequest.Status.values)
    funding_rows, plans = AssetFunding.objects.count(), DistributionPlan.objects.count()
    call_command("demo", households=0, stdout=open("/dev/null", "w"))
    assert (Asset.objects.count(), AssetFunding.objects.count(), DistributionPlan.objects.count()) == (
        count,
        funding_rows,
        plans,
    )
    from accounts.models import User

    county = User.objects.get(username="county")
    assert projects_without_assets(county).count() == 3


def test_demo_distributions_add_up_and_favour_former_poor(db):
    from django.db.models import Sum

    from accounts import demo as accounts_demo
    from assets import demo
    from households.models import Household, HouseholdFlag
    from regions import demo as regions_demo
    from regions.models import Region

    regions_demo.build()
    accounts_demo.build()
    villages = Region.objects.filter(level="village")
    homes = Household.objects.bulk_create(
        Household(number=f"D{v.code}{i}", village=v, head_name=f"户主{i}") for v in villages for i in range(3)
    )
    HouseholdFlag.objects.bulk_create(HouseholdFlag(household=h, kind="former_poor") for h in homes[::3])
    demo.build(seed=7)
    plans = DistributionPlan.objects.annotate(total=Sum("shares__amount"))
    assert plans.exists()
    assert all(p.total == p.amount for p in plans)
