"""Project pages, included by portfolio/urls under /r/<region>/ (namespace "portfolio")."""

from django.urls import URLPattern, path, register_converter

from smartregion.portfolio.views import documents as document_views
from smartregion.portfolio.views import projects as views


class ProjectSlugConverter:
    """A project's slug; never a fixed word of the project URLs, so ``projekte/import/`` (included
    after these patterns) and ``projekte/neu/`` are not taken for a project page."""

    regex = "[-a-zA-Z0-9_]+"
    reserved = frozenset({"neu", "import"})

    def to_python(self, value: str) -> str:
        if value in self.reserved:
            raise ValueError(value)  # no match: the resolver tries the next pattern
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ProjectSlugConverter, "project_slug")

urlpatterns: list[URLPattern] = [
    path("projekte/", views.overview, name="overview"),
    path("projekte/neu/", views.create, name="project_create"),
    path("projekte/<project_slug:project_slug>/", views.detail, name="project"),
    path("projekte/<project_slug:project_slug>/bearbeiten/", views.edit, name="project_edit"),
    path("projekte/<project_slug:project_slug>/stand/", views.transition, name="project_transition"),
    path("projekte/<project_slug:project_slug>/fassungen/", views.versions, name="project_versions"),
    path("projekte/<project_slug:project_slug>/vergleich/", views.compare, name="project_compare"),
    path("projekte/<project_slug:project_slug>/nachnutzen/", views.adopt, name="project_adopt"),
    path("projekte/<project_slug:project_slug>/steckbrief.pdf", document_views.pdf, name="project_pdf"),
    path("projekte/<project_slug:project_slug>/steckbrief.docx", document_views.docx, name="project_docx"),
]
