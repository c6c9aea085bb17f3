"""The admin's two kinds of page (STYLE: the admin is read-only for domain models or calls services).

- :class:`ReadOnlyAdmin` for domain models (households, cases, clues, measures, assets …): staff
  may look, never add, change or delete; every change goes through the pages and the API, where
  the services check roles, workflows and rules and write the history row.
- :class:`ReferenceAdmin` for reference tables without a write service (regions, indicator plans):
  editable and importable with django-import-export; the admin's log keeps each change.
- :class:`ServiceAdmin` for reference tables that have a write service (policy settings, monitoring
  lines, the measure catalogue): the change form calls the service, and a refusal is shown as the
  admin's error message with nothing written.
"""

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Model
from django.http import HttpRequest, HttpResponseRedirect
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from .errors import ServiceError
from .masking import PERSONAL_FIELDS, sees_full
from .models import Job, Notification, PolicySetting
from .services import policy_set


def _personal(model: type[Model], user: Any) -> set[str]:
    """The personal-number fields of ``model`` (``common.masking.PERSONAL_FIELDS``) that ``user``
    may not read: staff without full-ID rights get no ID numbers, phones, birth dates or bank
    accounts from the admin either."""
    if sees_full(user):
        return set()
    names = {f.name for f in model._meta.get_fields()}
    return names & set(PERSONAL_FIELDS)


class PersonalFieldsHidden(admin.ModelAdmin):
    """Leaves personal-number fields out of forms, lists, filters and searches for masked staff."""

    def get_exclude(self, request: HttpRequest, obj: Model | None = None) -> list[str] | None:
        hidden = _personal(self.model, request.user)
        return [*(super().get_exclude(request, obj) or ()), *sorted(hidden)] or None

    def get_list_display(self, request: HttpRequest) -> list[Any]:
        hidden = _personal(self.model, request.user)
        return [f for f in super().get_list_display(request) if f not in hidden]

    def get_list_filter(self, request: HttpRequest) -> list[Any]:
        hidden = _personal(self.model, request.user)
        return [f for f in super().get_list_filter(request) if f not in hidden]

    def get_search_fields(self, request: HttpRequest) -> list[str]:
        hidden = _personal(self.model, request.user)
        return [f for f in super().get_search_fields(request) if f.lstrip("^=@") not in hidden]


class ReadOnlyAdmin(PersonalFieldsHidden):
    """View only: no add, change or delete (and so no bulk delete action)."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0

    def get_exclude(self, request: HttpRequest, obj: Model | None = None) -> list[str] | None:
        hidden = _personal(self.model, request.user)
        return [*(super().get_exclude(request, obj) or ()), *sorted(hidden)] or None

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyHistoryAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    """Read-only with the history pages. simple_history's "view a past version" page saves a POST
    (a revert) on view permission alone, so POSTs to it are refused here."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def set_history_delta_changes(
        self, request: HttpRequest, historical_records: Any, foreign_keys_are_objs: bool = True
    ) -> None:
        """The history list's "changes" column, without old and new personal numbers for masked
        staff (simple_history's own loop, with ``excluded_fields``)."""
        hidden = sorted(_personal(self.model, request.user))
        previous = None
        for current in historical_records:
            if previous is not None:
                delta = previous.diff_against(
                    current, excluded_fields=hidden, foreign_keys_are_objs=foreign_keys_are_objs
                )
                helper = self.get_historical_record_context_helper(request, previous)
                previous.history_delta_changes = helper.context_for_delta_changes(delta)
            previous = current


class ReferenceAdmin(ImportExportModelAdmin):
    def has_import_permission(self, request) -> bool:
        # An import adds and changes rows: only for who may add and change them here.
        return self.has_add_permission(request) and self.has_change_permission(request)


class ServiceAdmin(SimpleHistoryAdmin):
    """A change form whose save calls the model's service (``save_model`` in the subclass).

    A ``ServiceError`` (or a role refusal) rolls the whole request back and comes back as the
    admin's error message; deleting is left to no one, as no service deletes these rows.
    """

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            with transaction.atomic():
                return super().changeform_view(request, object_id, form_url, extra_context)
        except ServiceError as error:
            self.message_user(request, error.message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":  # a revert would write around the service
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


def register_read_only(model, **options) -> None:
    """Register ``model`` read-only, with its history pages when it keeps history."""
    keeps_history = getattr(model._meta, "simple_history_manager_attribute", None)
    admin.site.register(model, ReadOnlyHistoryAdmin if keeps_history else ReadOnlyAdmin, **options)


@admin.register(PolicySetting)
class PolicySettingAdmin(ServiceAdmin):
    list_display = ("key", "region", "value", "basis", "updated_at")
    list_filter = ("key",)
    autocomplete_fields = ("region",)

    def get_readonly_fields(self, request, obj=None):
        # policy_set keys a setting by (key, region): changing them would be another setting.
        return ("key", "region") if obj else ()

    def save_model(self, request, obj, form, change):
        saved = policy_set(key=obj.key, region=obj.region, value=obj.value, by=request.user, basis=obj.basis)
        obj.pk = saved.pk


register_read_only(Notification, list_display=("recipient", "kind", "created_at", "read_at"))
register_read_only(
    Job, list_display=("title", "kind", "status", "created_by", "created_at"), list_filter=("status", "kind")
)
