from common.admin import register_read_only

from .models import GridCell, HouseholdGrade, MemberGroup

for model in (HouseholdGrade, GridCell, MemberGroup):
    register_read_only(model)
