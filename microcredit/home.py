"""The home page's line for microcredit (``common.home.add_home_counter``): overdue loans in scope."""

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.scope import user_may

from .models import Loan


def loan_counters(user: User) -> list[tuple[str, int, str]]:
    if not user_may(user, Role.VILLAGE, Role.TOWNSHIP):
        return []
    overdue = Loan.objects.visible_to(user).filter(status=Loan.Status.OVERDUE).count()
    return [(_("小额信贷逾期"), overdue, reverse("microcredit:loan_list") + "?overdue=true")]
