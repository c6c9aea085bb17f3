from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import PolicySetting


@admin.register(PolicySetting)
class PolicySettingAdmin(SimpleHistoryAdmin):
    list_display = ("key", "region", "value", "basis", "updated_at")
    list_filter = ("key",)
    autocomplete_fields = ("region",)
