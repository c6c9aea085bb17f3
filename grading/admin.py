from common.admin import register_read_only

from .models import AreaAlert, AreaAlertNote, GridCell, HouseholdGrade, MemberGroup

for model in (HouseholdGrade, GridCell, MemberGroup, AreaAlert, AreaAlertNote):
    register_read_only(model)
