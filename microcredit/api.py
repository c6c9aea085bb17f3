"""``/api/v1/loans/``: the loans of the households in scope, the borrower's ID masked per role."""

from rest_framework import serializers

from common.rest.masking import MaskedSerializerMixin
from common.rest.serializers import OutputSerializer
from common.rest.viewsets import ScopedReadOnlyViewSet

from .filters import LoanFilter
from .models import Loan


class LoanSerializer(MaskedSerializerMixin, OutputSerializer):
    household_number = serializers.CharField(source="household.number", read_only=True)
    borrower_name = serializers.CharField(source="borrower.name", read_only=True)
    borrower_id_number = serializers.CharField(source="borrower.id_number", read_only=True)
    masked_id_fields = ("borrower_id_number",)

    class Meta:
        model = Loan
        fields = [
            "id",
            "household",
            "household_number",
            "borrower",
            "borrower_name",
            "borrower_id_number",
            "bank",
            "amount",
            "term_months",
            "annual_rate",
            "subsidy_rate",
            "method",
            "purpose",
            "applied_on",
            "issued_on",
            "due_on",
            "status",
            "principal_repaid",
            "interest_repaid",
            "subsidy_amount",
            "overdue_since",
            "extended",
            "settled_on",
            "created_at",
            "updated_at",
        ]


class LoanViewSet(ScopedReadOnlyViewSet):
    queryset = Loan.objects.select_related("household", "borrower")
    serializer_class = LoanSerializer
    filterset_class = LoanFilter
