"""农户自主申报: the cadre's form, the public QR-code page and the pending applications."""

import io

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from clues.applications import application_accept, intake_for
from clues.models import Application, Clue
from common.models import Notification
from households.tests.factories import HouseholdFactory


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def household(regions):
    return HouseholdFactory(village=regions["village_a"], head_name="王大福")


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(out, "PNG")
    return out.getvalue()


def record_data(household, **extra):
    data = {
        "household": household.pk,
        "risk_types": ["因病", "因学"],
        "description": "户主住院，孩子上学费用困难",
        "found_on": timezone.localdate().isoformat(),
    }
    return {**data, **extra}


# -- the cadre's form --


def test_cadre_records_an_application_and_gets_one_clue_per_risk(client_for, cadre_a, household):
    photo = SimpleUploadedFile("p.jpg", png_bytes(), content_type="image/jpeg")
    response = client_for(cadre_a).post(reverse("clues:application_new"), record_data(household, photo=photo))
    assert response.status_code == 302
    application = Application.objects.get()
    assert (application.status, application.via, application.household) == (
        Application.Status.ACCEPTED,
        Application.Via.CADRE,
        household,
    )
    assert application.photo.name.endswith(".png")  # named by content, not by the sender
    clues = Clue.objects.filter(application=application)
    assert sorted(clues.values_list("risk_type", flat=True)) == ["因学", "因病"]
    assert set(clues.values_list("source", "status")) == {(Clue.Source.APPLICATION, Clue.Status.NEW)}


def test_a_photo_that_is_not_an_image_is_refused_on_its_field(client_for, cadre_a, household):
    fake = SimpleUploadedFile("p.jpg", b"<html>not a photo</html>", content_type="image/jpeg")
    response = client_for(cadre_a).post(reverse("clues:application_new"), record_data(household, photo=fake))
    assert response.status_code == 200
    assert response.context["form"].errors["photo"]
    assert not Application.objects.exists() and not Clue.objects.exists()


def test_cadre_form_offers_only_households_of_their_village(client_for, cadre_a, household, regions):
    other = HouseholdFactory(village=regions["village_b"])
    response = client_for(cadre_a).post(reverse("clues:application_new"), record_data(other))
    assert response.status_code == 200
    assert "household" in response.context["form"].errors
    assert not Clue.objects.exists()


def test_wrong_role_gets_403_on_the_cadre_pages(client_for, township_user, viewer, regions):
    assert client_for(township_user).get(reverse("clues:application_new")).status_code == 403
    assert client_for(viewer).get(reverse("clues:poster", args=[regions["village_a"].pk])).status_code == 403


# -- the QR poster and the public page --


def test_poster_shows_a_qr_code_for_the_villages_token_url(client_for, cadre_a, regions):
    response = client_for(cadre_a).get(reverse("clues:poster", args=[regions["village_a"].pk]))
    assert response.status_code == 200
    token = intake_for(village=regions["village_a"], by=cadre_a).token
    assert len(token) >= 32
    content = response.content.decode()
    assert "<svg" in content and f"/clues/apply/{token}/" in content


def test_other_villages_poster_is_404(client_for, cadre_a, regions):
    assert client_for(cadre_a).get(reverse("clues:poster", args=[regions["village_b"].pk])).status_code == 404


def test_public_page_creates_only_a_pending_application(regions, cadre_a, household):
    token = intake_for(village=regions["village_a"], by=cadre_a).token
    client = Client(enforce_csrf_checks=True)
    page = client.get(reverse("clues:apply", args=[token]))
    assert page.status_code == 200
    csrf = page.cookies["csrftoken"].value
    data = {
        "name": "王大福",
        "phone": "13800001234",
        "group": "三组",
        "description": "房子漏雨",
        "csrfmiddlewaretoken": csrf,
    }
    response = client.post(reverse("clues:apply", args=[token]), data)
    assert response.status_code == 200 and "已收到您的申报" in response.content.decode()
    application = Application.objects.get()
    assert (application.status, application.village, application.household) == (
        Application.Status.PENDING,
        regions["village_a"],
        None,
    )
    assert not Clue.objects.exists()
    assert Notification.objects.get().recipient == cadre_a


def test_public_page_is_csrf_protected(regions, cadre_a):
    token = intake_for(village=regions["village_a"], by=cadre_a).token
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("clues:apply", args=[token]), {"name": "某", "description": "困难"})
    assert response.status_code == 403
    assert not Application.objects.exists()


def test_public_page_reveals_nothing_of_the_register(regions, cadre_a, household, client):
    token = intake_for(village=regions["village_a"], by=cadre_a).token
    Application.objects.create(village=regions["village_a"], via="public", name="李二妹", description="病")
    for response in (
        client.get(reverse("clues:apply", args=[token])),
        client.post(reverse("clues:apply", args=[token]), {"name": "", "description": ""}),
        client.post(reverse("clues:apply", args=[token]), {"name": "张三", "description": "困难"}),
    ):
        content = response.content.decode()
        assert "王大福" not in content and "李二妹" not in content and household.number not in content


def test_unknown_token_is_404(client, regions):
    assert client.get(reverse("clues:apply", args=["guess"])).status_code == 404


def test_public_page_is_rate_limited_per_client_address(regions, cadre_a, client, settings):
    settings.PUBLIC_APPLICATION_RATE = (3, 3600)
    url = reverse("clues:apply", args=[intake_for(village=regions["village_a"], by=cadre_a).token])
    data = {"name": "张三", "description": "困难"}
    statuses = [client.post(url, data, REMOTE_ADDR="10.0.0.1").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert Application.objects.count() == 3
    assert client.post(url, data, REMOTE_ADDR="10.0.0.2").status_code == 200  # another address


# -- pending applications on the cadre's list --


@pytest.fixture
def pending(regions):
    return Application.objects.create(
        village=regions["village_a"], via="public", name="王大福", group="三组", description="房子漏雨"
    )


def test_pending_applications_show_on_the_village_cadres_clue_list(client_for, cadre_a, cadre_b, pending):
    assert "王大福" in client_for(cadre_a).get(reverse("clues:list")).content.decode()
    assert "王大福" not in client_for(cadre_b).get(reverse("clues:list")).content.decode()


def test_accepting_matches_a_household_and_raises_clues(client_for, cadre_a, pending, household):
    url = reverse("clues:application_act", args=[pending.pk, "accept"])
    response = client_for(cadre_a).post(url, {"household": household.pk, "risk_types": ["因安全住房"]})
    assert response.status_code == 302
    pending.refresh_from_db()
    assert (pending.status, pending.household) == (Application.Status.ACCEPTED, household)
    clue = Clue.objects.get(application=pending)
    assert (clue.household, clue.risk_type, clue.source) == (household, "因安全住房", Clue.Source.APPLICATION)


def test_dismissing_needs_a_reason(client_for, cadre_a, pending):
    url = reverse("clues:application_act", args=[pending.pk, "dismiss"])
    assert client_for(cadre_a).post(url, {"reason": ""}).status_code == 200
    assert client_for(cadre_a).post(url, {"reason": "非本村户籍"}).status_code == 302
    pending.refresh_from_db()
    assert (pending.status, pending.dismiss_reason) == (Application.Status.DISMISSED, "非本村户籍")


def test_other_village_cadre_gets_404_on_an_application(client_for, cadre_b, pending, regions):
    household = HouseholdFactory(village=regions["village_b"])
    assert client_for(cadre_b).get(reverse("clues:application", args=[pending.pk])).status_code == 404
    url = reverse("clues:application_act", args=[pending.pk, "accept"])
    assert (
        client_for(cadre_b).post(url, {"household": household.pk, "risk_types": ["因病"]}).status_code == 404
    )


def test_township_may_see_but_not_accept(client_for, township_user, pending, household):
    assert client_for(township_user).get(reverse("clues:application", args=[pending.pk])).status_code == 200
    url = reverse("clues:application_act", args=[pending.pk, "dismiss"])
    assert client_for(township_user).post(url, {"reason": "重复"}).status_code == 403
    pending.refresh_from_db()
    assert pending.status == Application.Status.PENDING


def test_an_application_cannot_be_matched_to_another_villages_household(cadre_a, pending, regions):
    from common.errors import ServiceError

    with pytest.raises(ServiceError, match="本村"):
        application_accept(
            application=pending,
            by=cadre_a,
            household=HouseholdFactory(village=regions["village_b"]),
            risk_types=["因病"],
        )


def test_accepting_for_a_household_with_an_open_case_adds_the_clue_to_it(cadre_a, pending, household):
    from monitoring.services import case_nominate

    case = case_nominate(
        household=household, by=cadre_a, category="突发严重困难户", risks=[("因病", "")],
        channel="干部走访排查", found_on=timezone.localdate(),
    )  # fmt: skip
    application_accept(application=pending, by=cadre_a, household=household, risk_types=["因病"])
    clue = Clue.objects.get(application=pending)
    assert (clue.status, clue.case) == (Clue.Status.JOINED, case)
