"""Pages of the events app under /r/<region>/."""

from django.urls import path

from smartregion.events.views import manage as manage_views
from smartregion.events.views import public as views

app_name = "events"

urlpatterns = [
    path("termine/", views.event_list, name="list"),
    path("termine.ics", views.feed, name="feed"),
    path("termine/<int:event_id>/", views.event_detail, name="detail"),
    path("termine/<int:event_id>/termin.ics", views.event_ics, name="ics"),
    path("termine/anmeldung/<str:token>/", views.registration_page, name="registration"),
    path("termine/<int:event_id>/anmeldung-gesendet/", views.registration_sent, name="registration_sent"),
    path("termine/anmeldung/<str:token>/bestaetigen/<str:secret>/", views.confirm, name="confirm"),
    # Links mailed before the confirmation needed a secret: the page explains how to get a new one.
    path("termine/anmeldung/<str:token>/bestaetigen/", views.confirm, name="confirm_outdated"),
    path("termine/anmeldung/<str:token>/link-senden/", views.resend_confirmation, name="resend"),
    path("termine/verwalten/", manage_views.manage_list, name="manage"),
    path("termine/neu/", manage_views.event_create, name="create"),
    path("termine/<int:event_id>/bearbeiten/", manage_views.event_edit, name="edit"),
    path("termine/<int:event_id>/teilnehmende/", manage_views.participants, name="participants"),
    path(
        "termine/<int:event_id>/teilnehmende/<int:registration_id>/absagen/",
        manage_views.cancel_participant,
        name="cancel_participant",
    ),
    *[
        path(
            f"termine/<int:event_id>/teilnehmende.{fmt}",
            manage_views.export,
            {"fmt": fmt},
            name=f"export_{fmt}",
        )
        for fmt in ("csv", "xlsx", "pdf")
    ],
    path("termine/<int:event_id>/einlass/", manage_views.check_in_page, name="check_in"),
    path(
        "termine/<int:event_id>/einlass/<int:registration_id>/",
        manage_views.check_in_toggle,
        name="check_in_toggle",
    ),
]
