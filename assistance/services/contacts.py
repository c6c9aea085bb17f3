"""帮扶责任人 assignments: dated, never deleted (an ended assignment is the record)."""

import datetime
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.scope import require_role
from common.errors import ServiceError

from ..models import CaseContact, Contact

if TYPE_CHECKING:
    from monitoring.models import Case


def _find_or_create_contact(
    *, case: "Case", by: User, name: str, unit: str, phone: str, username: str
) -> Contact:
    user = None
    if username:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise ServiceError(_("系统中没有账号“%s”。") % username, code="username", field="username")
    # The same person registered in this village before is reused, so "my cases" sees one contact.
    contact = Contact.objects.filter(region=case.village, name=name, phone=phone).first()
    if contact is None:
        contact = Contact(name=name, unit=unit, phone=phone, user=user, region=case.village)
    else:
        contact.unit = unit or contact.unit
        contact.user = user or contact.user
    contact._history_user = by  # type: ignore[attr-defined]  # read by simple-history on save
    contact.save()
    return contact


@transaction.atomic
def contact_assign(
    *,
    case: "Case",
    by: User,
    name: str,
    unit: str = "",
    phone: str = "",
    username: str = "",
    start_date: datetime.date | None = None,
) -> CaseContact:
    require_role(by, Role.VILLAGE, region=case.village)
    if case.status not in case.OPEN_STATUSES:
        raise ServiceError(_("该监测对象已结束监测，不能再安排帮扶责任人。"), code="case_closed")
    name, phone = name.strip(), phone.strip()
    if not name:
        raise ServiceError(_("请填写帮扶责任人姓名。"), code="name", field="name")
    if phone and not (phone.isdigit() and len(phone) == 11):
        raise ServiceError(_("联系电话须为11位数字。"), code="phone", field="phone")
    start_date = start_date or timezone.localdate()
    contact = _find_or_create_contact(
        case=case, by=by, name=name, unit=unit.strip(), phone=phone, username=username.strip()
    )
    assignment = CaseContact(case=case, contact=contact, start_date=start_date, created_by=by)
    assignment._history_user = by  # type: ignore[attr-defined]  # read by simple-history on save
    try:
        with transaction.atomic():
            assignment.save()
    except IntegrityError:
        raise ServiceError(_("%s 已是该户的帮扶责任人。") % contact.name, code="duplicate") from None
    return assignment


@transaction.atomic
def contact_end(*, assignment: CaseContact, by: User, end_date: datetime.date | None = None) -> CaseContact:
    require_role(by, Role.VILLAGE, region=assignment.case.village)
    end_date = end_date or timezone.localdate()
    if end_date < assignment.start_date:
        raise ServiceError(_("结束日期不能早于开始日期。"), code="end_date", field="end_date")
    claimed = CaseContact.objects.filter(pk=assignment.pk, end_date__isnull=True).update(end_date=end_date)
    if not claimed:
        raise ServiceError(_("该帮扶责任人安排已结束。"), code="ended")
    assignment.end_date = end_date
    assignment._history_user = by  # type: ignore[attr-defined]  # read by simple-history on save
    assignment.save()
    return assignment
