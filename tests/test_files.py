"""Uploads are checked by content and size, stored privately, served only in scope, and expire."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve, reverse
from django.utils import timezone
from openpyxl import Workbook
from PIL import Image

from common.errors import ServiceError
from common.files import DATA, DOCUMENTS, IMAGE, XLSX, validate_upload
from common.media import files_retention_sweep

HTML = b"<!doctype html><html><body><script>fetch('/api/v1/households/')</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def image_bytes(fmt: str = "JPEG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, fmt)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    book = Workbook()
    book.active.append(["姓名", "证件号码"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize("fmt,extension", [("JPEG", "jpg"), ("PNG", "png"), ("WEBP", "webp")])
def test_real_images_pass_and_get_their_true_extension(fmt, extension, db):
    photo = upload("IMG_0001.heic", image_bytes(fmt))
    assert validate_upload(photo, allowed={IMAGE}) == IMAGE
    assert photo.name.endswith(f".{extension}")


@pytest.mark.parametrize(
    "name,content,allowed",
    [
        ("photo.jpg", HTML, {IMAGE}),
        ("photo.svg", SVG, DOCUMENTS),
        ("承诺授权书.pdf", HTML, DOCUMENTS),
        ("truncated.jpg", image_bytes()[:40], {IMAGE}),
        ("page.csv", HTML, DATA),
        ("scan.pdf", b"%PDF-1.4", {IMAGE}),
    ],
)
def test_content_that_is_not_what_is_allowed_is_refused(name, content, allowed, db):
    with pytest.raises(ServiceError) as refused:
        validate_upload(upload(name, content), allowed=allowed, field="photos")
    assert refused.value.code == "file_type" and "已拒收" in refused.value.message
    assert refused.value.field == "photos"


@pytest.mark.parametrize(
    "content,code",
    [(b"PK\x03\x04" + b"\x00" * 64, "xlsx_damaged"), (b"\xff\xfe\x00a\x00b", "encoding")],
)
def test_damaged_workbook_and_unknown_encoding_say_why(content, code, db):
    with pytest.raises(ServiceError, match="已拒收") as refused:
        validate_upload(upload("data", content), allowed=DATA)
    assert refused.value.code == code


def test_a_zip_that_is_not_a_workbook_is_refused(db):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.txt", "x")
    with pytest.raises(ServiceError, match="已拒收"):
        validate_upload(upload("a.xlsx", buffer.getvalue()), allowed={XLSX})


def test_a_30_mb_photo_is_refused_by_the_policy_limit(db):
    big = upload("big.jpg", image_bytes()[:4] + b"\x00" * (30 * 1024 * 1024))
    with pytest.raises(ServiceError) as refused:
        validate_upload(big, allowed=DOCUMENTS)
    assert refused.value.code == "file_too_large" and "10 MB" in refused.value.message


def test_pdf_xlsx_and_csv_pass(db):
    assert validate_upload(upload("a.pdf", b"%PDF-1.7 scan"), allowed=DOCUMENTS) == "pdf"
    assert validate_upload(upload("a.xlsx", xlsx_bytes()), allowed=DATA) == "xlsx"
    assert validate_upload(upload("a.csv", "姓名,证件号码\n".encode("gb18030")), allowed=DATA) == "csv"


def test_visit_photo_named_jpg_holding_html_is_refused(cadre_a, regions):
    from households.models import Visit, VisitPhoto
    from households.services import visit_record
    from households.tests.factories import HouseholdFactory

    household = HouseholdFactory(village=regions["village_a"])
    checks = dict.fromkeys(Visit.ASSURANCE_FIELDS, "secure")
    with pytest.raises(ServiceError, match="已拒收") as refused:
        visit_record(
            household=household,
            by=cadre_a,
            visited_on=timezone.localdate(),
            checks=checks,
            photos=[upload("photo.jpg", HTML)],
        )
    assert refused.value.field == "photos"
    assert not VisitPhoto.objects.exists()


def test_step_attachment_svg_is_refused(cadre_a, regions):
    from monitoring.services import case_nominate, case_verify
    from monitoring.tests.conftest import household_in

    case = case_nominate(
        household=household_in(regions["village_a"]), by=cadre_a, category="边缘易致贫户",
        risks=[("因病", "")], channel="干部走访排查", found_on=timezone.localdate(), evidence="住院",
    )  # fmt: skip
    with pytest.raises(ServiceError, match="已拒收") as refused:
        case_verify(case=case, by=cadre_a, opinion="属实", authorisation=upload("授权书.svg", SVG))
    assert refused.value.field == "authorisation"


def test_department_upload_of_html_is_refused(county_user):
    from clues.models import DepartmentUpload
    from clues.uploads import upload_create

    with pytest.raises(ServiceError, match="已拒收"):
        upload_create(
            by=county_user, kind="medical_costs", fileobj=upload("a.csv", HTML + b"\x00"), name="a.csv"
        )
    assert not DepartmentUpload.objects.exists()


# -- serving ---------------------------------------------------------------------------------------


@pytest.fixture
def photo_of_village_a(cadre_a, regions):
    from households.models import Visit, VisitPhoto
    from households.tests.factories import HouseholdFactory

    household = HouseholdFactory(village=regions["village_a"])
    visit = Visit.objects.create(household=household, visitor=cadre_a, visited_on=timezone.localdate())
    photo = VisitPhoto(visit=visit)
    photo.file.save("p.jpg", ContentFile(image_bytes()), save=True)
    return photo


def test_media_urls_go_through_the_scope_checking_view(settings):
    settings.DEBUG = True
    assert resolve("/media/visits/2026/11/p.jpg").url_name == "private_media"


def test_anonymous_is_sent_to_login(client, photo_of_village_a):
    response = client.get(photo_of_village_a.file.url)
    assert response.status_code == 302 and "login" in response.url


def test_other_village_gets_404(client_for, cadre_b, photo_of_village_a):
    assert client_for(cadre_b).get(photo_of_village_a.file.url).status_code == 404


def test_unknown_or_traversing_path_is_404(client_for, cadre_a, photo_of_village_a):
    client = client_for(cadre_a)
    assert client.get("/media/visits/nothing.jpg").status_code == 404
    assert client.get("/media/../config/settings.py").status_code == 404


def test_in_scope_image_is_served_inline_with_nosniff(client_for, cadre_a, photo_of_village_a):
    response = client_for(cadre_a).get(photo_of_village_a.file.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == image_bytes()


def test_a_workbook_downloads_as_attachment_and_production_uses_x_accel(client_for, cadre_a, settings):
    from ledgers.models import ImportRun

    run = ImportRun(kind="households", original_name="a.xlsx", created_by=cadre_a)
    run.file.save("a.xlsx", ContentFile(xlsx_bytes()), save=True)
    client = client_for(cadre_a)
    response = client.get(run.file.url)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    settings.MEDIA_X_ACCEL = True
    accel = client.get(run.file.url)
    assert accel["X-Accel-Redirect"] == "/protected-media/" + run.file.name
    assert accel["X-Content-Type-Options"] == "nosniff" and not accel.content


def test_retention_deletes_old_department_and_import_files_and_keeps_rows(cadre_a, caplog):
    from ledgers.models import ImportRun

    old = ImportRun(kind="households", original_name="old.xlsx", created_by=cadre_a)
    old.file.save("old.xlsx", ContentFile(xlsx_bytes()), save=True)
    recent = ImportRun(kind="households", original_name="new.xlsx", created_by=cadre_a)
    recent.file.save("new.xlsx", ContentFile(xlsx_bytes()), save=True)
    ImportRun.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=400))
    path = old.file.path
    with caplog.at_level("INFO", logger="common.media"):
        assert files_retention_sweep() == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert not old.file and recent.file
    assert not __import__("os").path.exists(path)
    assert "retention: deleted file of ImportRun" in caplog.text


def test_retention_is_on_the_beat_schedule(settings):
    assert any(
        e["task"] == "common.tasks.files_retention_sweep" for e in settings.CELERY_BEAT_SCHEDULE.values()
    )


def test_job_page_link_still_downloads(client_for, cadre_a):
    from common.jobs import job_finish, job_start

    job = job_start(kind="export", title="导出", by=cadre_a)
    job_finish(job.pk, filename="a.xlsx", content=b"data")
    assert client_for(cadre_a).get(reverse("common:job_download", args=[job.pk])).status_code == 200
