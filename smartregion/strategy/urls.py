from django.urls import path

from smartregion.strategy.views import documents as document_views
from smartregion.strategy.views import edit as edit_views
from smartregion.strategy.views import public as views

app_name = "strategy"

urlpatterns = [
    path("strategie/", views.overview, name="overview"),
    path("strategie/strategie.pdf", document_views.pdf, name="pdf"),
    path("strategie/strategie.docx", document_views.docx, name="docx"),
    path("strategie/handlungsfelder/<slug:field_slug>/", views.field_detail, name="field"),
    path("strategie/fassungen/", views.versions, name="versions"),
    path("strategie/fassungen/<int:number>/", views.version_detail, name="version"),
    path("strategie/vergleich/", views.compare, name="compare"),
    path("strategie/neu/", edit_views.create, name="create"),
    path("strategie/bearbeiten/", edit_views.edit, name="edit"),
    path("strategie/bearbeiten/leitbild/", edit_views.edit_vision, name="edit_vision"),
    path("strategie/bearbeiten/werte/neu/", edit_views.value_form, name="value_create"),
    path("strategie/bearbeiten/werte/<int:value_id>/", edit_views.value_form, name="value_edit"),
    path("strategie/bearbeiten/handlungsfelder/neu/", edit_views.field_form, name="field_create"),
    path("strategie/bearbeiten/handlungsfelder/<int:field_id>/", edit_views.field_form, name="field_edit"),
    path(
        "strategie/bearbeiten/handlungsfelder/<int:field_id>/ziele/neu/",
        edit_views.goal_form,
        name="goal_create",
    ),
    path(
        "strategie/bearbeiten/handlungsfelder/<int:field_id>/ziele/<int:goal_id>/",
        edit_views.goal_form,
        name="goal_edit",
    ),
    path("strategie/bearbeiten/<str:kind>/<int:item_id>/verschieben/", edit_views.move, name="move"),
    path("strategie/bearbeiten/<str:kind>/<int:item_id>/entfernen/", edit_views.delete, name="delete"),
    path("strategie/bearbeiten/phasen/<int:phase_id>/", edit_views.phase_form, name="phase_edit"),
    path("strategie/fassungen/<int:number>/festschreiben/", edit_views.fix_version, name="fix_version"),
    path("kommunen/<slug:municipality_slug>/strategie/", views.municipal_strategy, name="municipal"),
    path(
        "kommunen/<slug:municipality_slug>/strategie/bearbeiten/",
        edit_views.municipal_form,
        name="municipal_edit",
    ),
    path(
        "kommunen/<slug:municipality_slug>/strategie/ziele/neu/",
        edit_views.municipal_goal_form,
        name="municipal_goal_create",
    ),
    path(
        "kommunen/<slug:municipality_slug>/strategie/grundlage-aktualisieren/",
        edit_views.municipal_accept_upstream,
        name="municipal_accept",
    ),
]
