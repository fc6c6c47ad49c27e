"""The REST API under /api/v1/: the routers the installed modules declare, OpenAPI at openapi.json,
its reference page at docs."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.operation import Operation

from smartregion.api import scoping
from smartregion.api.docs import ReferencePage
from smartregion.api.errors import JsonBodyParser, install_error_handlers
from smartregion.core import modules

# Answers any operation may give to a request made with an API token (accounts.middleware and
# token_limits below): an unusable token, a token outside its region or scope, too many requests.
TOKEN_RESPONSES = {
    401: "API-Schlüssel unbekannt, abgelaufen oder widerrufen",
    403: "Nicht erlaubt (auch: API-Schlüssel außerhalb seiner Region oder seiner Schreibrechte)",
    429: "Zu viele Anfragen",
}
ERROR_SCHEMA = {"type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"]}


class SiteApi(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: Any = None) -> Any:
        """Ninja's description, with the answers to token requests on every operation."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for path in schema["paths"].values():
            for operation in path.values():
                responses = operation.setdefault("responses", {})
                for status, description in TOKEN_RESPONSES.items():
                    if status not in responses and str(status) not in responses:
                        responses[status] = {
                            "description": description,
                            "content": {"application/json": {"schema": ERROR_SCHEMA}},
                        }
        return schema

    def get_openapi_operation_id(self, operation: Operation) -> str:
        """``smartregion_api_<router>_<function>``, wherever the module keeps its router.

        A router lives in its app (``smartregion/surveys/api.py``, ``smartregion/portfolio/api/ideas.py``);
        the id names the router module's own name (``surveys``, ``ideas``), so the ids that clients and
        the reference page link to stay the same when code moves between apps.
        """
        parts = operation.view_func.__module__.split(".")
        name = parts[-2] if parts[-1] == "api" else parts[-1]
        return f"smartregion_api_{name}_{operation.view_func.__name__}"


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def token_limits(module: modules.Module) -> Callable[..., Any]:
    """An operation decorator: a request made with an API token stays in the token's region, and
    writes only where the token has the module's write scope (403 with a German message)."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def limited(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            token = getattr(request, "api_token", None)
            if token is None:
                return view(request, *args, **kwargs)
            slug = kwargs.get("slug")
            if isinstance(slug, str) and slug != token.region.slug:
                raise HttpError(
                    403,
                    _("Dieser API-Schlüssel gilt nur %(name_in)s.")
                    % {"region": token.region.name, "name_in": token.region.name_in},
                )
            if request.method not in SAFE_METHODS and module.key not in (token.write_scopes or ()):
                raise HttpError(
                    403,
                    _("Dieser API-Schlüssel darf im Bereich „%(module)s“ nichts ändern.")
                    % {"module": module.label},
                )
            # Operations that find their region by an object's number refuse another region's object.
            with scoping.key_region(token.region):
                return view(request, *args, **kwargs)

        return limited

    return decorate


def build_api(urls_namespace: str = "api") -> NinjaAPI:
    """A NinjaAPI with every installed module's routers, in the order of ``INSTALLED_APPS``."""
    site_api = SiteApi(
        title="Smart Region API",
        version="1",
        description=str(
            gettext_lazy(
                "Öffentliche Daten der Regionen, Kommunen und Organisationen. "
                "Lesende Abfragen öffentlicher Daten brauchen keine Anmeldung."
            )
        ),
        urls_namespace=urls_namespace,
        docs=ReferencePage(),
        parser=JsonBodyParser(),
    )
    install_error_handlers(site_api)
    for module, mount in modules.api_routers():
        router = import_string(mount.router)
        if not getattr(router, "_token_limits", False):  # a router is shared by every API built
            router.add_decorator(token_limits(module), mode="operation")
            router._token_limits = True
        site_api.add_router(mount.prefix, router)
    return site_api


api = build_api()
