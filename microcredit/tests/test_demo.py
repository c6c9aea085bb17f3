from django.core.management import call_command

from common.models import Notification
from microcredit.models import Loan
from relocation.models import Relocation, Site


def test_demo_shows_every_loan_state_and_the_sites(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("demo", households=300, stdout=open("/dev/null", "w"))
    assert set(Loan.objects.values_list("status", flat=True)) == set(Loan.Status.values)
    assert Loan.objects.filter(extended=True, status=Loan.Status.EXTENDED).exists()
    assert Notification.objects.filter(kind="loan_overdue").exists()
    assert Site.objects.count() == 3
    assert set(Relocation.objects.values_list("source", flat=True)) == set(Relocation.Source.values)
    before = (Loan.objects.count(), Relocation.objects.count(), Notification.objects.count())
    call_command("demo", households=300, stdout=open("/dev/null", "w"))
    assert (Loan.objects.count(), Relocation.objects.count(), Notification.objects.count()) == before
