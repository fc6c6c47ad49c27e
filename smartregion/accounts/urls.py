from django.urls import path

from smartregion.accounts import views

app_name = "accounts"

urlpatterns = [
    path("einladung/<slug:token>/", views.invitation, name="invitation"),
    path("konto/daten/", views.my_data, name="my_data"),
    path("konto/daten/meine-daten.json", views.my_data_json, name="my_data_json"),
    path("konto/daten/meine-daten.pdf", views.my_data_pdf, name="my_data_pdf"),
    path("konto/loeschen/", views.delete_account, name="delete_account"),
    path("r/<slug:region_slug>/verwaltung/mitglieder/", views.members, name="members"),
    path(
        "r/<slug:region_slug>/verwaltung/mitglieder/<int:membership_id>/",
        views.member_edit,
        name="member_edit",
    ),
    path(
        "r/<slug:region_slug>/verwaltung/mitglieder/<int:membership_id>/rolle-hinzufuegen/",
        views.member_add_role,
        name="member_add_role",
    ),
    path(
        "r/<slug:region_slug>/verwaltung/mitglieder/<int:membership_id>/entfernen/",
        views.member_remove,
        name="member_remove",
    ),
    path("r/<slug:region_slug>/verwaltung/api-schluessel/", views.api_tokens, name="tokens"),
    path(
        "r/<slug:region_slug>/verwaltung/api-schluessel/<int:token_id>/widerrufen/",
        views.api_token_revoke,
        name="token_revoke",
    ),
    path(
        "r/<slug:region_slug>/verwaltung/einladungen/<int:invitation_id>/zurueckziehen/",
        views.invitation_withdraw,
        name="invitation_withdraw",
    ),
]
