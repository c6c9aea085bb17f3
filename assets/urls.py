from django.urls import path

from .views import care, disposal, fund, income, inventories, ledger, notice

app_name = "assets"

urlpatterns = [
    path("", ledger.ledger, name="ledger"),
    path("checks/", ledger.checks, name="checks"),
    path("new/", ledger.asset_new, name="asset_new"),
    path("projects/new/", ledger.project_new, name="project_new"),
    path("<int:pk>/", ledger.asset_detail, name="asset"),
    path("<int:pk>/edit/", ledger.asset_edit, name="asset_edit"),
    path("<int:pk>/income/", income.income_new, name="income_new"),
    path("<int:pk>/plans/new/", income.plan_new, name="plan_new"),
    path("<int:pk>/reports/", care.report_new, name="report_new"),
    path("<int:pk>/beneficiaries/", care.beneficiaries_set, name="beneficiaries"),
    path("<int:pk>/evaluations/", care.evaluation_new, name="evaluation_new"),
    path("<int:pk>/disposal/", disposal.disposal_new, name="disposal_new"),
    path("plans/<int:pk>/", income.plan_detail, name="plan"),
    path("plans/<int:pk>/shares/", income.plan_shares, name="plan_shares"),
    path("plans/<int:pk>/decide/", income.plan_decide, name="plan_decide"),
    path("plans/<int:pk>/publish/", income.plan_publish, name="plan_publish"),
    path("plans/<int:pk>/notice/", income.plan_notice, name="plan_notice"),
    path("inventories/", inventories.inventory_list, name="inventories"),
    path("inventories/<int:pk>/", inventories.inventory_detail, name="inventory"),
    path("inventories/<int:pk>/items/<int:item_pk>/", inventories.inventory_item, name="inventory_item"),
    path("inventories/<int:pk>/complete/", inventories.inventory_done, name="inventory_complete"),
    path("<int:pk>/fund-request/", fund.fund_request_new, name="fund_request_new"),
    path("fund/", fund.fund_overview, name="fund"),
    path("fund/contribute/", fund.fund_contribute, name="fund_contribute"),
    path("fund/requests/<int:pk>/", fund.fund_request_detail, name="fund_request"),
    path("fund/requests/<int:pk>/spend/", fund.fund_spend, name="fund_spend"),
    path("fund/requests/<int:pk>/<slug:action>/", fund.fund_request_act, name="fund_act"),
    path("notice/", notice.village_notice, name="notice"),
    path("disposals/", disposal.disposal_list, name="disposals"),
    path("disposals/<int:pk>/", disposal.disposal_detail, name="disposal"),
    path("disposals/<int:pk>/<slug:action>/", disposal.disposal_act, name="disposal_act"),
]
