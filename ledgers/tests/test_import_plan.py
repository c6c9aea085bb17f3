"""The household import parses its file once: the dry run keeps its valid plan and the commit writes
it, unless the file or the register changed since, in which case the commit validates again
(issue 19 item 2)."""

import datetime
import os
from unittest import mock

from django.utils import timezone

from households.models import Household, Member
from households.services import touch_households
from ledgers.imports import households as household_import
from ledgers.imports.member_rows import HOUSEHOLD_FIELDS, MEMBER_FIELDS, OPTIONAL
from ledgers.models import ImportRun

from .conftest import make_household
from .test_import import commit, good_rows, member_row, person, run_of, upload, xlsx


def parses():
    """Count the times the import opens its sheet (every validation does, once)."""
    return mock.patch.object(household_import, "open_sheet", wraps=household_import.open_sheet)


def test_commit_writes_the_kept_plan_without_parsing_the_file_again(client_for, cadre_a):
    client = client_for(cadre_a)
    with parses() as opened:
        run = run_of(upload(client, xlsx(good_rows())))
        assert run.status == ImportRun.Status.VALID and run.plan
        kept = run.plan.path
        assert os.path.exists(kept)
        commit(client, run)
    assert opened.call_count == 1
    run.refresh_from_db()
    assert run.status == ImportRun.Status.COMMITTED and run.summary["new_members"] == 4
    assert (Household.objects.count(), Member.objects.count(), Member.history.count()) == (2, 4, 4)
    assert Member.objects.get(name="陈小").school_status == "七年级"
    assert not run.plan and not os.path.exists(kept)  # used once, then removed


def test_a_re_import_with_nothing_to_change_is_parsed_once(client_for, cadre_a):
    client = client_for(cadre_a)
    content = xlsx(good_rows())
    commit(client, run_of(upload(client, content)))
    histories = Member.history.count()
    with parses() as opened:
        run = run_of(upload(client, content))
        commit(client, run)
    assert opened.call_count == 1
    run.refresh_from_db()
    assert run.status == ImportRun.Status.COMMITTED and run.summary["unchanged_members"] == 4
    assert Member.history.count() == histories


def test_register_changed_since_the_dry_run_means_validating_again(client_for, cadre_a, regions):
    client = client_for(cadre_a)
    existing = make_household(regions["village_a"], "500230201201901", head="陈大")
    rows = good_rows()
    rows[0]["证件号码"] = existing.members.get().id_number
    run = run_of(upload(client, xlsx(rows)))
    assert run.status == ImportRun.Status.VALID and run.summary["new_members"] == 3
    # The household changed after the dry run (its updated_at moved): the kept plan may not hold.
    touch_households([existing.pk], now=timezone.now() + datetime.timedelta(seconds=1))
    with parses() as opened:
        commit(client, run)
    assert opened.call_count == 1
    run.refresh_from_db()
    assert run.status == ImportRun.Status.COMMITTED and not run.plan
    assert Household.objects.get(pk=existing.pk).members.count() == 3


def test_a_new_clash_after_the_dry_run_is_found_by_validating_again(client_for, cadre_a, regions):
    client = client_for(cadre_a)
    run = run_of(upload(client, xlsx(good_rows())))
    other = make_household(regions["village_a"], "500230201201777", head="吴九")
    other.members.update(person_id=person(4), id_number=person(4))
    with parses() as opened:
        commit(client, run)
    assert opened.call_count == 1
    run.refresh_from_db()
    assert run.status == ImportRun.Status.INVALID and "发生变化" in run.message
    assert any("已登记在" in reason for _r, _c, _v, reason in run.summary["preview"])
    assert not Household.objects.filter(number="500230201201901").exists()


def test_a_stored_file_that_changed_is_validated_again(client_for, cadre_a):
    client = client_for(cadre_a)
    run = run_of(upload(client, xlsx(good_rows())))
    rows = good_rows() + [member_row("500230201201903", "郑新", person(9))]
    with open(run.file.path, "wb") as fh:
        fh.write(xlsx(rows))
    with parses() as opened:
        commit(client, run)
    assert opened.call_count == 1
    assert Member.objects.filter(name="郑新").exists()


def test_a_tampered_plan_is_not_read(client_for, cadre_a):
    client = client_for(cadre_a)
    run = run_of(upload(client, xlsx(good_rows())))
    with open(run.plan.path, "r+b") as fh:
        fh.seek(-1, os.SEEK_END)
        last = fh.read(1)
        fh.seek(-1, os.SEEK_END)
        fh.write(bytes([last[0] ^ 1]))
    with parses() as opened, mock.patch.object(household_import.pickle, "load") as unpickle:
        commit(client, run)
    assert opened.call_count == 1 and not unpickle.called
    assert Member.objects.count() == 4


def test_an_invalid_file_keeps_no_plan(client_for, cadre_a):
    rows = good_rows()
    rows[3]["劳动技能"] = ""
    run = run_of(upload(client_for(cadre_a), xlsx(rows)))
    assert run.status == ImportRun.Status.INVALID and not run.plan


def test_every_parsed_value_has_its_place_in_a_row():
    """Rows are held as tuples: a value parse_row produces but MEMBER_FIELDS lacks would be lost."""
    parsed = {name for _parse, name in OPTIONAL.values()} | {
        "name", "id_number", "person_id", "sex", "birth_date", "id_type", "relationship", "labour_skill",
        "medical_insurance", "education", "school_status", "chronic_disease", "serious_illness", "disabled",
        "healthy",
    }  # fmt: skip
    assert parsed <= set(MEMBER_FIELDS)
    assert {f.attname for f in Member._meta.concrete_fields} >= set(MEMBER_FIELDS)
    assert {f.attname for f in Household._meta.concrete_fields} >= set(HOUSEHOLD_FIELDS)


def test_a_bad_value_repeated_is_reported_on_every_row(client_for, cadre_a):
    """Value-list cells are parsed once per distinct value per file; each row still gets its error."""
    rows = good_rows()
    rows[1]["与户主关系"] = rows[3]["与户主关系"] = "老伴"
    rows[0]["村（社区）"] = rows[3]["村（社区）"] = "联合村"
    run = run_of(upload(client_for(cadre_a), xlsx(rows)))
    found = [(row, column) for row, column, _value, _reason in run.summary["preview"]]
    assert found.count((3, "与户主关系")) == found.count((5, "与户主关系")) == 1
    assert (2, "村（社区）") in found and (5, "村（社区）") in found


def test_a_plan_that_cannot_be_kept_only_means_validating_again(client_for, cadre_a):
    from ledgers import import_services

    client = client_for(cadre_a)
    with mock.patch.object(import_services.plans, "write", side_effect=OSError("disk full")):
        run = run_of(upload(client, xlsx(good_rows())))
    assert run.status == ImportRun.Status.VALID and not run.plan
    with parses() as opened:
        commit(client, run)
    assert opened.call_count == 1 and Member.objects.count() == 4
