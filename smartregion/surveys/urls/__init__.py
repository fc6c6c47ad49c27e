"""Pages of the surveys app under /r/<region>/."""

from django.urls import path

from smartregion.surveys.views import builder as builder_views
from smartregion.surveys.views import public as views

app_name = "surveys"

base = "beteiligung/<int:survey_id>/"

urlpatterns = [
    path("beteiligung/", views.overview, name="overview"),
    path("beteiligung/neu/", builder_views.create, name="create"),
    path(base, views.detail, name="survey"),
    path(f"{base}antwort/<str:token>/", views.resume, name="resume"),
    path(f"{base}danke/", views.thanks, name="thanks"),
    path(f"{base}ergebnisse/", views.results, name="results"),
    path(f"{base}ergebnisse.pdf", views.results_pdf, name="results_pdf"),
    path(f"{base}qr.svg", views.qr_code, {"kind": "svg"}, name="qr_svg"),
    path(f"{base}qr.png", views.qr_code, {"kind": "png"}, name="qr_png"),
    path(f"{base}bearbeiten/", builder_views.edit, name="edit"),
    path(f"{base}vorschau/", builder_views.preview, name="preview"),
    path(f"{base}fragen/", builder_views.add_question, name="add_question"),
    path(
        f"{base}fragen/<int:question_id>/bearbeiten/", builder_views.change_question, name="change_question"
    ),
    path(f"{base}fragen/<int:question_id>/loeschen/", builder_views.delete_question, name="delete_question"),
    path(
        f"{base}fragen/<int:question_id>/<slug:action>/",
        builder_views.question_action,
        name="question_action",
    ),
    path(f"{base}aktion/<slug:action>/", builder_views.survey_action, name="survey_action"),
    path(f"{base}zugangscodes/", builder_views.access_codes, name="access_codes"),
    path(f"{base}moderation/", builder_views.moderation, name="moderation"),
    path(f"{base}antworten.csv", builder_views.export, {"kind": "csv"}, name="export_csv"),
    path(f"{base}antworten.xlsx", builder_views.export, {"kind": "xlsx"}, name="export_xlsx"),
    path(f"{base}codebuch.csv", builder_views.export, {"kind": "codebuch"}, name="export_codebook"),
]
