"""``/api/v1/clues/``: early-warning clues (预警线索) of the households in scope;
``/api/v1/department-records/``: records department systems push (``clues.push``)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.response import Response

from accounts.models import Role
from common.rest.masking import MaskedSerializerMixin
from common.rest.serializers import OutputSerializer
from common.rest.viewsets import ScopedReadOnlyViewSet

from .datasets import KIND_LIST
from .filters import ClueFilter
from .models import Clue, DepartmentRecord
from .push import records_push


class ClueSerializer(MaskedSerializerMixin, OutputSerializer):
    masked_id_fields = ("person_id",)

    class Meta:
        model = Clue
        fields = [
            "id",
            "status",
            "source",
            "rule",
            "risk_type",
            "disaster_subtype",
            "household",
            "member",
            "person_id",
            "found_on",
            "dispatch_due",
            "verify_due",
            "dispatched_at",
            "decided_at",
            "exclusion_reason",
            "case",
            "created_at",
            "updated_at",
        ]


class ClueViewSet(ScopedReadOnlyViewSet):
    queryset = Clue.objects.all()
    serializer_class = ClueSerializer
    filterset_class = ClueFilter


# -- department systems push records (issue 18) -------------------------------------------------


class DepartmentRecordSerializer(MaskedSerializerMixin, OutputSerializer):
    masked_id_fields = ("person_id",)

    class Meta:
        model = DepartmentRecord
        fields = [
            "id",
            "kind",
            "record_id",
            "person_id",
            "values",
            "outcome",
            "findings",
            "upload",
            "row_number",
            "created_at",
            "updated_at",
        ]


class PushRecordSerializer(serializers.Serializer):
    """One record: ``record_id`` plus the kind's fields by staging slot (see the kinds' columns)."""

    record_id = serializers.CharField(max_length=64, help_text=_("部门自己的记录编号（幂等键）"))
    person_id = serializers.CharField(help_text=_("身份证号（残联：身份证号或残疾人证号）"))
    name = serializers.CharField(help_text=_("姓名"))
    code = serializers.CharField(required=False, help_text=_("类别/状态/等级（如 未参保、C、洪涝）"))
    amount = serializers.CharField(required=False, help_text=_("金额（元），最多两位小数"))
    event_date = serializers.CharField(required=False, help_text=_("日期，如 2025-03-01"))
    year = serializers.CharField(required=False, help_text=_("年度，如 2025"))
    note = serializers.CharField(required=False, help_text=_("学校/迁入地/问题描述"))


class PushRequestSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[(k.code, str(k.label)) for k in KIND_LIST])
    records = PushRecordSerializer(many=True, help_text=_("最多10,000条"))


class PushResultSerializer(serializers.Serializer):
    record_id = serializers.CharField()
    outcome = serializers.CharField()
    rule = serializers.CharField()


class PushReportSerializer(serializers.Serializer):
    upload = serializers.IntegerField(
        allow_null=True, help_text=_("本批新增、更新记录的比对（部门数据上传）")
    )
    received = serializers.IntegerField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    counts = serializers.DictField(child=serializers.IntegerField())
    results = PushResultSerializer(many=True)


PUSH_EXAMPLE = {
    "kind": "medical_costs",
    "records": [
        {
            "record_id": "YB-2025-000123",
            "person_id": "500230198005170038",
            "name": "张三",
            "year": "2025",
            "amount": "12500.00",
        },
        {
            "record_id": "YB-2025-000124",
            "person_id": "110101199003070150",
            "name": "王五",
            "year": "2025",
            "amount": "800",
        },
    ],
}
REPORT_EXAMPLE = {
    "upload": 42,
    "received": 2,
    "created": 2,
    "updated": 0,
    "unchanged": 0,
    "counts": {"matched": 1, "unmatched": 1, "name_differs": 0, "correction": 0, "clue": 1, "new_clues": 1},
    "results": [
        {"record_id": "YB-2025-000123", "outcome": "clue", "rule": "medical_self_paid"},
        {"record_id": "YB-2025-000124", "outcome": "unmatched", "rule": ""},
    ],
}
ERROR_EXAMPLE = {
    "code": "invalid_records",
    "message": "共1处错误，本批未写入任何数据。请改正后重新推送整批。",
    "errors": {"records.1.person_id": ["记录YB-2025-000124“身份证号”：身份证号校验位不正确，请核对。"]},
}


class DepartmentRecordPermission(permissions.BasePermission):
    """Department users only: every other role is answered 403."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user.is_authenticated and (user.is_superuser or user.has_role(Role.DEPARTMENT)))


class DepartmentRecordViewSet(ScopedReadOnlyViewSet):
    """``/api/v1/department-records/``: a department system pushes records (POST, batches of up to
    10,000, idempotent by its own ``record_id``) and lists what it pushed (GET, its own only)."""

    queryset = DepartmentRecord.objects.all()
    serializer_class = DepartmentRecordSerializer
    permission_classes = [permissions.IsAuthenticated, DepartmentRecordPermission]
    filterset_fields = ["kind", "record_id", "outcome", "upload"]

    @extend_schema(
        request=PushRequestSerializer,
        responses={201: PushReportSerializer, 200: PushReportSerializer},
        description=(
            "推送一批部门记录（最多10,000条），与上传文件走同一比对流程（校验、比对、结果、预警线索）。"
            "按 (部门, 数据类型, record_id) 幂等：同一记录重推且内容未变 → unchanged，不再比对；"
            "内容变化 → updated，重新比对（同一信号不重复产生线索）。任一记录有错则整批不写入，"
            "errors 以 records.<序号>.<字段> 给出带记录编号的中文说明。新增或更新了记录时答 201，否则 200。"
        ),
        examples=[
            OpenApiExample("推送医保自付费用", value=PUSH_EXAMPLE, request_only=True),
            OpenApiExample("比对结果", value=REPORT_EXAMPLE, response_only=True, status_codes=["201"]),
            OpenApiExample("记录有误（400）", value=ERROR_EXAMPLE, response_only=True, status_codes=["400"]),
        ],
    )
    def create(self, request):
        data = request.data if isinstance(request.data, dict) else {}
        records = data.get("records")
        if not isinstance(records, list):
            raise serializers.ValidationError({"records": [_("records 应为记录数组。")]})
        report = records_push(by=request.user, kind=str(data.get("kind") or ""), records=records)
        changed = report["created"] or report["updated"]
        return Response(report, status=status.HTTP_201_CREATED if changed else status.HTTP_200_OK)
