from django.urls import path

from smartregion.reporting import views

app_name = "reporting"

P = "fortschritt/projekte/<slug:project_slug>/"
R = "berichte/<int:report_id>/"

urlpatterns = [
    path("fortschritt/", views.progress_page, name="progress"),
    path("fortschritt/gewichtung/", views.settings_page, name="settings"),
    path(P, views.project_status, name="project_status"),
    path(P + "meldung/", views.add_update, name="add_update"),
    path(P + "indikatoren/", views.add_indicator, name="add_indicator"),
    path(P + "indikatoren/<int:indicator_id>/messwert/", views.add_measurement, name="add_measurement"),
    path("berichte/", views.report_list, name="reports"),
    path("berichte/neu/", views.create_report, name="create_report"),
    path(R, views.report_detail, name="report"),
    path(R + "bearbeiten/", views.change_report, name="change_report"),
    path(R + "veroeffentlichung/", views.publish, name="publish"),
    path(R + "neu-erstellen/", views.retry, name="retry"),
    path(R + "bericht.<str:kind>", views.download, name="download"),
    path("feed.atom", views.feed, name="feed"),
]
