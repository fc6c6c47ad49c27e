from django.urls import path, re_path

from smartregion.core.views import audit as audit_views
from smartregion.core.views import background as background_views
from smartregion.core.views import site as views
from smartregion.core.views import workspace as workspace_views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("aufgaben/", workspace_views.workspace, name="workspace"),
    path("r/<slug:region_slug>/verwaltung/protokoll/", audit_views.audit, name="audit"),
    path("r/<slug:region_slug>/verwaltung/protokoll.csv", audit_views.audit_csv, name="audit_csv"),
    path(
        "r/<slug:region_slug>/verwaltung/hintergrundaufgaben/",
        background_views.region_tasks,
        name="background_tasks",
    ),
    path("verwaltung/hintergrundaufgaben/", background_views.all_tasks, name="background_tasks_all"),
    re_path(r"^(?P<page>impressum|datenschutz|barrierefreiheit)/$", views.legal, name="legal"),
]
