"""Pages of the roadmap under /r/<region>/fahrplan/."""

from django.urls import URLPattern, path

from smartregion.roadmap.views import overview, plan, programmes

app_name = "roadmap"

P = "fahrplan/projekte/<slug:project_slug>/"
F = "fahrplan/foerderprogramme/"

urlpatterns: list[URLPattern] = [
    path("fahrplan/", overview.roadmap_page, name="overview"),
    path("fahrplan/fahrplan.pdf", overview.roadmap_pdf, name="roadmap_pdf"),
    path("fahrplan/was-wann-wo/", overview.w_table, name="w_table"),
    path("fahrplan/personal/", overview.personnel, name="personnel"),
    path("fahrplan/personal.xlsx", overview.personnel_xlsx, name="personnel_xlsx"),
    path("fahrplan/finanzierung/", overview.financing, name="financing"),
    path("fahrplan/finanzierung.xlsx", overview.financing_xlsx, name="financing_xlsx"),
    path(P, plan.project_plan, name="project_plan"),
    path(P + "meilensteine/neu/", plan.milestone_form, name="milestone_create"),
    path(P + "meilensteine/<int:milestone_id>/", plan.milestone_form, name="milestone_edit"),
    path(P + "meilensteine/<int:milestone_id>/entfernen/", plan.milestone_delete, name="milestone_delete"),
    path(P + "personal/", plan.personnel_need, name="personnel_need"),
    path(P + "kosten/", plan.cost_plan, name="cost_plan"),
    path(P + "quellen/neu/", plan.source_form, name="source_create"),
    path(P + "quellen/<int:source_id>/", plan.source_form, name="source_edit"),
    path(P + "quellen/<int:source_id>/entfernen/", plan.source_delete, name="source_delete"),
    path(F, programmes.catalogue, name="programmes"),
    path(F + "neu/", programmes.programme_form, name="programme_create"),
    path(F + "<int:programme_id>/", programmes.programme_detail, name="programme"),
    path(F + "<int:programme_id>/bearbeiten/", programmes.programme_form, name="programme_edit"),
    path(F + "<int:programme_id>/frist/", programmes.add_deadline, name="programme_deadline"),
]
