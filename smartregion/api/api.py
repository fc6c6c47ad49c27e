"""The REST API under /api/v1/: one router per app, OpenAPI at openapi.json, its reference page at docs."""

from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI

from smartregion.api import analysis, events, ideas, projects, regions, strategy, surveys
from smartregion.api.docs import ReferencePage
from smartregion.api.errors import JsonBodyParser, install_error_handlers

api = NinjaAPI(
    title="Smart Region API",
    version="1",
    description=str(
        _(
            "Öffentliche Daten der Regionen, Kommunen und Organisationen. "
            "Lesende Abfragen öffentlicher Daten brauchen keine Anmeldung."
        )
    ),
    urls_namespace="api",
    docs=ReferencePage(),
    parser=JsonBodyParser(),
)
install_error_handlers(api)
api.add_router("/regions/", regions.router)
api.add_router("/regions/", strategy.router)
api.add_router("/regions/", ideas.router)
api.add_router("/regions/", projects.region_router)
api.add_router("/projects/", projects.router)
api.add_router("", analysis.router)
api.add_router("", surveys.router)
api.add_router("", events.router)
