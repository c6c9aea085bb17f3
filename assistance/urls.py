from django.urls import path

from .actions import HOUSING_ACTIONS, MEASURE_ACTIONS
from .views import cases, catalogue, housing, insurance, measures, rate

app_name = "assistance"

urlpatterns = [
    path("", measures.measure_list, name="measure_list"),
    path("measures/<int:pk>/", measures.measure_detail, name="measure"),
    path("measures/<int:pk>/edit/", measures.measure_edit, name="measure_edit"),
    *[
        path(
            f"measures/<int:pk>/{verb}/", measures.measure_transition, {"verb": verb}, name=f"measure_{verb}"
        )
        for verb in MEASURE_ACTIONS
    ],
    path("cases/<int:case_pk>/", cases.case_detail, name="case"),
    path("cases/<int:case_pk>/measures/add/", measures.measure_add, name="measure_add"),
    path("cases/<int:case_pk>/contacts/add/", cases.contact_add, name="contact_add"),
    path("contacts/<int:pk>/end/", cases.contact_end, name="contact_end"),
    path("mine/", cases.my_cases, name="my_cases"),
    path("catalogue/", catalogue.catalogue_list, name="catalogue"),
    path("catalogue/add/", catalogue.category_edit, name="category_add"),
    path("catalogue/<int:pk>/edit/", catalogue.category_edit, name="category_edit"),
    path("housing/", housing.housing_list, name="housing_list"),
    path("housing/add/", housing.housing_add, name="housing_add"),
    path("housing/<int:pk>/", housing.housing_detail, name="housing"),
    *[
        path(f"housing/<int:pk>/{verb}/", housing.housing_transition, {"verb": verb}, name=f"housing_{verb}")
        for verb in HOUSING_ACTIONS
    ],
    path("insurance/", insurance.insurance_gaps_page, name="insurance"),
    path("rate/", rate.rate_index, name="rate_index"),
    path("rate/<str:code>/", rate.rate_region, name="rate"),
]
