from django.urls import path, re_path

from smartregion.regions import views

app_name = "regions"

urlpatterns = [
    path("", views.detail, name="detail"),
    path("kommunen/", views.municipality_list, name="municipalities"),
    path("kommunen/neu/", views.municipality_create, name="municipality_create"),
    path("kommunen/<slug:municipality_slug>/bearbeiten/", views.municipality_edit, name="municipality_edit"),
    path("organisationen/", views.organisation_list, name="organisations"),
    path("organisationen/neu/", views.organisation_create, name="organisation_create"),
    path(
        "organisationen/<slug:organisation_slug>/bearbeiten/",
        views.organisation_edit,
        name="organisation_edit",
    ),
    path("verwaltung/", views.manage, name="manage"),
    path("verwaltung/seiten/", views.pages_edit, name="pages_edit"),
    path("verwaltung/module/", views.modules_edit, name="modules_edit"),
    path("verwaltung/verarbeitungsverzeichnis/", views.processing_record, name="processing_record"),
    path(
        "verwaltung/verarbeitungsverzeichnis.pdf", views.processing_record_pdf, name="processing_record_pdf"
    ),
    re_path(
        r"^verwaltung/rechtliches/(?P<page>impressum|datenschutz|barrierefreiheit)/$",
        views.legal_edit,
        name="legal_edit",
    ),
    re_path(r"^(?P<page>impressum|datenschutz|barrierefreiheit)/$", views.legal, name="legal"),
]
