"""SPEC 9a: a role that may not see full ID numbers cannot rebuild one from anything it can fetch.

The walk is discovered, not listed: every GET route of the URLconf (pages, the DRF router's API
resources, the admin) and every ledger of the ledger registry, fetched as each masked role
with parameters filled from a demo-like household. Everything fetched is searched for a member's
full ID number and phone, and an attacker's rebuild is tried: a masked ID that keeps the place and
the last four (``500230********9043``) plus the birth date in any format (YYYY-MM-DD, YYYY年M月D日,
YYYYMMDD …) anywhere else gives the whole number back.
"""

import csv
import datetime
import io
import itertools
import re
import zipfile

import openpyxl
import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import Role
from clues.datasets import KINDS
from clues.models import MatchResult
from clues.services import clue_raise
from clues.uploads import upload_create
from conftest import make_user
from households.idnumbers import synthetic_id
from households.tests.factories import HouseholdFactory, MemberFactory
from ledgers.registry import LEDGERS, Filters
from ledgers.services import ledger_export
from monitoring.models import Case
from monitoring.services import case_deliberate, case_nominate, case_verify

TODAY = datetime.date.today()
PHONE = "13912345678"
BORN = (datetime.date(1985, 3, 9), datetime.date(2012, 11, 23))

# Routes that carry no register data or cannot be fetched with a GET.
SKIP_ROUTES = {"logout", "media", "private_media", "healthz", "favicon", "schema", "docs", "redoc"}


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo(regions, cadre_a, django_capture_on_commit_callbacks):
    """A household of 建龙村 with two members of known IDs and a phone, a case in its public notice,
    a clue naming a member, and a 医保 upload (matched, with its results) naming the other."""
    household = HouseholdFactory(
        village=regions["village_a"],
        head_name="王德明",
        phone="13700000000",
        group_name="三组",
        member_count=2,
    )
    head = MemberFactory(household=household, name="王德明", birth_date=BORN[0], sex="男")
    child = MemberFactory(
        household=household, name="王小雨", birth_date=datetime.date(2012, 1, 1), sex="女", relationship="子"
    )
    # Corrections: the history shows old and new values of the phone, the ID and the birth date.
    household.phone = PHONE
    household.save()
    child.birth_date = BORN[1]
    child.id_number = child.person_id = synthetic_id("500230", BORN[1], 77, False)
    child.save()
    case = case_nominate(
        household=household, by=cadre_a, category="边缘易致贫户", risks=[("因病", "")],
        channel="干部走访排查", found_on=TODAY, evidence="住院",
    )  # fmt: skip
    case_verify(
        case=case, by=cadre_a, opinion="属实",
        authorisation=SimpleUploadedFile("承诺授权书.pdf", b"%PDF-1.4 signed", content_type="application/pdf"),
    )  # fmt: skip
    case_deliberate(
        case=case, by=cadre_a, meeting_date=TODAY, participants="甲,乙,丙", votes_for=3, votes_against=0,
        votes_abstain=0, minutes="一致同意",
    )  # fmt: skip
    clue = clue_raise(household=household, by=cadre_a, source="application", risk_type="因病", member=child)
    yibao = make_user("p_yibao", Role.DEPARTMENT, regions["county"], department="medical_insurance")
    rows = io.StringIO()
    csv.writer(rows).writerows(
        [KINDS["medical_costs"].headers, [head.id_number, head.name, TODAY.year, "15000"]]
    )
    with django_capture_on_commit_callbacks(execute=True):
        upload_create(
            by=yibao, kind="medical_costs", name="医保.csv",
            fileobj=SimpleUploadedFile("医保.csv", rows.getvalue().encode()),
        )  # fmt: skip
    assert MatchResult.objects.filter(person_id=head.id_number).exists()
    case.refresh_from_db()
    return {"household": household, "members": [head, child], "case": case, "clue": clue, "regions": regions}


def _masked_personas(regions):
    return {
        "viewer": make_user("p_viewer", Role.VIEWER, regions["county"]),
        "township": make_user("p_township", Role.TOWNSHIP, regions["township"]),
        "county_without_full_ids": make_user("p_county", Role.COUNTY, regions["county"]),
        "department": make_user("p_dept", Role.DEPARTMENT, regions["county"], department="civil_affairs"),
    }


def _staff(user):
    """Staff with every view permission: the admin walks as far as it can."""
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.user_permissions.set(Permission.objects.filter(codename__startswith="view_"))
    return user


# --- discovery -------------------------------------------------------------------------------


def _routes(patterns=None, namespace=""):
    """(name for reverse, parameter names, route text) of every named URL pattern."""
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _routes(p.url_patterns, ns)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{namespace}{p.name}", list(p.pattern.regex.groupindex), str(p.pattern)


def _candidates(demo) -> dict[str, list]:
    """Values for each URL parameter name, from the demo data (and the first few pks of any
    table: the fixture's other rows, so a new page about a new kind of object is reached too)."""
    regions = demo["regions"]
    ints = sorted(
        {o.pk for o in (demo["household"], demo["case"], demo["clue"], *demo["members"])}
        | {regions["village_a"].pk, regions["township"].pk}
        | set(range(1, 4))
    )
    plan_keys = list(apps.get_model("indicators", "Plan").objects.values_list("key", flat=True))
    return {
        "int": ints,
        "code": [regions["village_a"].code, regions["county"].code],
        "key": [*LEDGERS, *plan_keys],
    }


def _urls(demo):
    values = _candidates(demo)
    for name, params, _route in _routes():
        short = name.rsplit(":", 1)[-1]
        if short in SKIP_ROUTES or "format" in params or name.startswith("admin:"):
            continue
        if any(p in {"path", "action", "kind", "fmt"} for p in params):
            continue
        choices = [values.get(p, values["int"]) for p in params]
        for combo in itertools.product(*choices):
            try:
                yield reverse(name, kwargs=dict(zip(params, combo, strict=True)))
            except Exception:  # a value that does not fit the parameter's converter
                continue


def _admin_urls():
    from django.contrib import admin

    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        base = f"admin:{opts.app_label}_{opts.model_name}"
        yield reverse(f"{base}_changelist")
        for pk in model._default_manager.values_list("pk", flat=True)[:5]:
            yield reverse(f"{base}_change", args=[pk])
            yield reverse(f"{base}_history", args=[pk])
            if hasattr(model_admin, "history_form_view"):
                history = getattr(model, "history", None)
                if history is not None:
                    for hid in history.filter(id=pk).values_list("history_id", flat=True)[:3]:
                        yield reverse(f"{base}_simple_history", args=[pk, hid])


def _text(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body[:2] == b"PK":  # a workbook
        return _workbook_text(io.BytesIO(body))
    return body.decode("utf-8", errors="replace")


def _workbook_text(source) -> str:
    try:
        book = openpyxl.load_workbook(source, read_only=True)
    except (zipfile.BadZipFile, KeyError, OSError):
        return ""
    cells = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            for value in row:
                if isinstance(value, datetime.datetime):
                    value = value.date()
                if value is not None:
                    cells.append(str(value))
    return "\n".join(cells)


def fetch_everything(client, user, demo, tmp_path) -> tuple[dict[str, str], int]:
    """All a user can read: every page and API resource (and the admin), and every ledger it may
    export. Returns the text by source and the number of answers that carried something (200)."""
    client.force_login(user)
    texts, answered = {}, 0
    for url in itertools.chain(_urls(demo), _admin_urls()):
        response = client.get(url, HTTP_ACCEPT="text/html,application/json")
        if response.status_code == 200:
            answered += 1
            texts[url] = _text(response)
    for number, ledger in enumerate(LEDGERS.values()):
        if ledger.allowed(user):
            path = tmp_path / f"{user.username}-{number}.xlsx"
            ledger_export(ledger=ledger, by=user, filters=Filters(), path=path)
            texts[f"ledger {ledger.key}"] = _workbook_text(path)
            answered += 1
    return texts, answered


# --- the attacker ----------------------------------------------------------------------------


def date_spellings(day: datetime.date) -> list[str]:
    y, m, d = day.year, day.month, day.day
    return [
        f"{y}-{m:02d}-{d:02d}", f"{y}/{m:02d}/{d:02d}", f"{y}.{m:02d}.{d:02d}", f"{y}{m:02d}{d:02d}",
        f"{y}年{m}月{d}日", f"{y}年{m:02d}月{d:02d}日", f"{y}/{m}/{d}", f"{y}-{m}-{d}",
    ]  # fmt: skip


MASKED_ID = re.compile(r"(\d{6})\*{8}(\d{3}[\dXx])")


def rebuilt_ids(text: str, born: datetime.date) -> set[str]:
    """What an attacker gets by filling a masked ID's hidden middle with a birth date found
    anywhere in ``text`` (the eight hidden characters of a 18-digit ID are exactly YYYYMMDD)."""
    if not any(spelling in text for spelling in date_spellings(born)):
        return set()
    middle = born.strftime("%Y%m%d")
    return {head + middle + tail for head, tail in MASKED_ID.findall(text)}


def leaks(text: str, members) -> list[str]:
    found = []
    for member in members:
        if member.id_number in text:
            found.append(f"{member.name}: full ID number {member.id_number}")
        if member.id_number in rebuilt_ids(text, member.birth_date):
            found.append(f"{member.name}: ID rebuilt from the masked ID and the birth date")
        if any(spelling in text for spelling in date_spellings(member.birth_date)):
            found.append(f"{member.name}: full birth date {member.birth_date}")
    if PHONE in text:
        found.append(f"full phone {PHONE}")
    shown_too_much = re.findall(r"\d{7,}\*+\d*|\d*\*+\d{5,}", text)
    if shown_too_much:
        found.append(f"masks keeping more than 6 + 4: {sorted(set(shown_too_much))[:5]}")
    return found


# --- tests -----------------------------------------------------------------------------------


def test_the_attacker_rebuilds_an_id_from_a_mask_and_a_birth_date():
    """The attacker itself can fail: proven on the very fault of issue 16."""
    member_id = "500230198503099043"
    text = "王德明 500230********9043 … 出生日期 1985年3月9日"
    assert member_id in rebuilt_ids(text, datetime.date(1985, 3, 9))
    assert not rebuilt_ids("王德明 500230********9043 … 1985", datetime.date(1985, 3, 9))


@pytest.mark.parametrize("persona", ["viewer", "township", "county_without_full_ids", "department"])
def test_no_masked_role_can_rebuild_an_id(persona, demo, client, tmp_path):
    user = _staff(_masked_personas(demo["regions"])[persona])
    assert not user.sees_full_ids()
    sources, answered = fetch_everything(client, user, demo, tmp_path)
    text = "\n".join(sources.values())
    assert answered > 5, "the walk reached nothing: the test would prove nothing"
    if persona != "department":  # register readers: the walk did reach the demo household
        assert "王小雨" in text
        assert "500230********" in text  # and its masked IDs
    found = leaks(text, demo["members"])
    where = {source: leaks(part, demo["members"]) for source, part in sources.items()}
    assert found == [], {source: what for source, what in where.items() if what}


def test_full_id_readers_keep_full_values(demo, client, cadre_a, regions, tmp_path):
    county = make_user("p_county_full", Role.COUNTY, regions["county"], full_ids=True)
    for user in (cadre_a, county):
        assert user.sees_full_ids()
        client.force_login(user)
        page = client.get(reverse("households:detail", args=[demo["household"].pk])).content.decode()
        api = client.get("/api/v1/members/", HTTP_ACCEPT="application/json").json()
        ledger = tmp_path / f"{user.username}.xlsx"
        ledger_export(ledger=LEDGERS["members"], by=user, filters=Filters(), path=ledger)
        sheet = _workbook_text(ledger)
        for member in demo["members"]:
            assert member.id_number in page and member.id_number in str(api) and member.id_number in sheet
            assert member.birth_date.isoformat() in str(api) and member.birth_date.isoformat() in sheet
        assert PHONE in page


def test_public_notice_names_group_category_and_dates_only(demo, client, viewer, cadre_a):
    case: Case = demo["case"]
    Case.objects.filter(pk=case.pk).update(notice_start=TODAY, notice_end=TODAY + datetime.timedelta(days=5))
    for user in (viewer, cadre_a):
        client.force_login(user)
        body = client.get(
            reverse("monitoring:notice", args=[demo["regions"]["village_a"].pk])
        ).content.decode()
        assert "王德明" in body and "三组" in body and "边缘易致贫户" in body
        assert TODAY.strftime("%m-%d") in body
        assert "因病" not in body and "住院" not in body
        assert leaks(body, demo["members"]) == []


def test_members_ledger_gives_masked_readers_the_birth_year(demo, viewer, tmp_path):
    """家庭成员明细: the 出生日期 column becomes 出生年份 (an integer) for a masked reader."""
    path = tmp_path / "members.xlsx"
    ledger_export(ledger=LEDGERS["members"], by=viewer, filters=Filters(), path=path)
    rows = list(openpyxl.load_workbook(path, read_only=True).worksheets[0].iter_rows(values_only=True))
    header = list(rows[1])
    assert "出生年份" in header and "出生日期" not in header
    years = {row[header.index("出生年份")] for row in rows[2:]}
    assert years == {born.year for born in BORN}


def test_masked_readers_cannot_search_by_id_number(demo, client, viewer, cadre_a):
    """A prefix search on ID numbers rebuilt a masked number digit by digit; an exact lookup
    confirmed guesses. Masked readers search by name and household number only."""
    member = demo["members"][1]
    prefix = member.id_number[:10]
    for user, found in ((viewer, False), (cadre_a, True)):
        client.force_login(user)
        page = client.get(reverse("households:list"), {"q": prefix}).content.decode()
        cases = client.get(reverse("monitoring:list"), {"q": prefix}).content.decode()
        api = client.get("/api/v1/members/", {"id_number": member.id_number}).json()["results"]
        assert ("王德明" in page) is found
        assert ("王德明" in cases) is found
        assert bool(api) is found
        by_name = client.get(reverse("households:list"), {"q": "王小雨"}).content.decode()
        assert "王德明" in by_name
