from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "smartregion.core"
    label = "core"

    def ready(self) -> None:
        from smartregion.core import pagecache
        from smartregion.core.events import domain_event

        domain_event.connect(pagecache.on_domain_event, dispatch_uid="core.pagecache")
