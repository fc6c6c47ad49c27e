"""Idea pages under /r/<region>/."""

from django.urls import URLPattern, path

from smartregion.ideas import views

app_name = "ideas"

urlpatterns: list[URLPattern] = [
    path("ideen/", views.idea_list, name="ideas"),
    path("ideen/neu/", views.idea_create, name="idea_create"),
    path("ideen/moderation/", views.moderation, name="idea_moderation"),
    path("ideen/bestaetigen/<str:token>/", views.idea_confirm, name="idea_confirm"),
    path("ideen/unterstuetzung/<str:token>/", views.support_confirm, name="support_confirm"),
    path("ideen/kommentare/<int:comment_id>/moderation/", views.comment_moderate, name="comment_moderate"),
    path("ideen/kommentare/<int:comment_id>/ausblenden/", views.comment_hide, name="comment_hide"),
    path("ideen/<int:idea_id>/", views.idea_detail, name="idea"),
    path("ideen/<int:idea_id>/unterstuetzen/", views.idea_support, name="idea_support"),
    path("ideen/<int:idea_id>/kommentare/", views.idea_comment, name="idea_comment"),
    path("ideen/<int:idea_id>/moderation/", views.idea_moderate, name="idea_moderate"),
    path("ideen/<int:idea_id>/steckbrief/", views.idea_to_project, name="idea_to_project"),
]
