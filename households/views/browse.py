from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import BooleanField, ExpressionWrapper, Prefetch, Q, prefetch_related_objects
from django.shortcuts import render

from accounts.models import Role
from accounts.scope import REGISTER_ROLES, require_role, user_may
from common.masking import Masker

from .. import hooks
from ..filters import HouseholdFilter
from ..forms import FlagForm, HouseholdFilterForm, MemberRemoveForm
from ..history import household_history
from ..models import Household, HouseholdFlag, MemberTransfer
from ..pagination import CappedPaginator
from ..selectors import below_line_condition, income_status
from ._access import visible_household


def _filtered(request, form, below_line):
    # A household closed by a duplicate merge lives on in its successor (its page says so).
    households = Household.objects.visible_to(request.user).filter(merged_into__isnull=True)
    if not form.is_valid():
        return households
    return HouseholdFilter(request=request, below_line=below_line).apply(households, form.cleaned_data)


@login_required
def household_list(request):
    """Search and filters over the user's scope; the query count does not grow with the page size."""
    require_role(request.user, *REGISTER_ROLES)
    form = HouseholdFilterForm(request.GET or None, user=request.user)
    below_line = below_line_condition()  # read the line table once for filter and badge
    filtered = _filtered(request, form, below_line)
    households = (
        filtered.select_related("village", "latest_income")
        .annotate(is_below=ExpressionWrapper(below_line, output_field=BooleanField()))
        .annotate_monitored()
        .order_by("number")
    )
    # The count runs on the bare filtered rows, without the joins the page needs for display.
    paginator = CappedPaginator(households, settings.PAGE_SIZE, count_from=filtered)
    page = paginator.get_page(request.GET.get("page"))
    prefetch_related_objects(
        page.object_list, Prefetch("flags", HouseholdFlag.objects.active(), to_attr="active_flags")
    )
    return render(
        request,
        "households/list.html",
        {
            "form": form,
            "page_obj": page,
            "can_register": user_may(request.user, Role.VILLAGE),
        },
    )


@login_required
def household_detail(request, pk: int):
    household = visible_household(request, pk)
    masker = Masker(request.user)
    members = list(household.members.order_by("removed_on", "pk"))
    for member in members:
        member.shown_id = masker.id(member.id_number)  # type: ignore[attr-defined]  # for the template
        member.shown_birth_date = masker.birth_text(member.birth_date)  # type: ignore[attr-defined]
    can_edit = user_may(request.user, Role.VILLAGE, region=household.village)
    context = {
        "household": household,
        "phone": masker.phone(household.phone),
        "members": members,
        "flags": household.flags.order_by("end_date", "kind"),
        "incomes": household.incomes.order_by("-period_end")[:10],
        "income_status": income_status(household),
        "visits": household.visits.select_related("visitor").order_by("-visited_on", "-pk")[:10],
        "transfers": MemberTransfer.objects.filter(Q(from_household=household) | Q(to_household=household))
        .select_related("member", "from_household", "to_household", "by")
        .order_by("-at"),
        "history": household_history(household, masker=masker),
        "can_edit": can_edit,
        **hooks.detail_context(request, household, can_edit),  # the cases section (monitoring)
    }
    if can_edit:
        context.update(flag_form=FlagForm(prefix="flag"), remove_form=MemberRemoveForm())
    return render(request, "households/detail.html", context)
