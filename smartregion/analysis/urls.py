"""Pages of the analysis app under /r/<region>/."""

from django.urls import URLPattern, path

from smartregion.analysis import views

app_name = "analysis"

R = "bedarfsanalyse/<int:round_id>/"

urlpatterns: list[URLPattern] = [
    path("bedarfsanalyse/", views.overview, name="overview"),
    path("bedarfsanalyse/neu/", views.create, name="create"),
    path(R, views.round_detail, name="round"),
    path(R + "ergebnis/", views.results, name="results"),
    path(R + "ergebnis.pdf", views.result_pdf, name="result_pdf"),
    path(R + "antworten.xlsx", views.answers_xlsx, name="answers_xlsx"),
    path(R + "erinnern/", views.remind, name="remind"),
    path(R + "abschliessen/", views.close, name="close"),
    path(R + "frist/", views.extend, name="extend"),
    path(R + "veroeffentlichen/", views.publish, name="publish"),
    path(R + "fragebogen/<slug:municipality_slug>/", views.questionnaire_view, name="questionnaire"),
    path(R + "fragebogen/<slug:municipality_slug>/wieder-oeffnen/", views.reopen, name="reopen"),
]
