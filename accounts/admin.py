from django.contrib import admin
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from rest_framework.authtoken.admin import TokenAdmin
from rest_framework.authtoken.models import Token, TokenProxy

from .models import RoleAssignment, User
from .tokens import log_token


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ("regions",)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [RoleAssignmentInline]
    list_display = ("username", "first_name", "phone", "is_active", "is_superuser")
    fieldsets = (*(BaseUserAdmin.fieldsets or ()), (None, {"fields": ("phone", "notify_digest")}))


admin.site.unregister(TokenProxy)


def _staff(request: HttpRequest) -> User:
    """The admin site's user: the site lets only logged-in staff in."""
    assert isinstance(request.user, User)
    return request.user


@admin.register(TokenProxy)
class ApiTokenAdmin(TokenAdmin):
    """DRF's token admin (认证令牌), logging by whose token it is: the default log names a token
    by its key."""

    def log_addition(self, request: HttpRequest, obj: Token, message: object) -> LogEntry:
        return log_token(_staff(request), obj.user, ADDITION, _("管理员签发接口令牌"))

    def log_change(self, request: HttpRequest, obj: Token, message: object) -> LogEntry:
        return log_token(_staff(request), obj.user, CHANGE, _("管理员修改接口令牌"))

    def log_deletions(self, request: HttpRequest, queryset: QuerySet[Token]) -> list[LogEntry]:
        return [
            log_token(_staff(request), token.user, DELETION, _("管理员吊销接口令牌")) for token in queryset
        ]
