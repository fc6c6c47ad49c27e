"""The framework floor: Django with only what the models need, no middleware, no layout.

Same database settings as the app (read from ``smartregion.settings``, so the same
``DATABASE_URL`` and connection reuse), served by gunicorn with the same worker settings.
"""

from smartregion.settings import (
    AUTH_USER_MODEL,
    DATABASES,
    DEFAULT_AUTO_FIELD,
    SECRET_KEY,
    TIME_ZONE,
)

__all__ = ["AUTH_USER_MODEL", "DATABASES", "DEFAULT_AUTO_FIELD", "SECRET_KEY", "TIME_ZONE"]

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "smartregion.regions",
    "smartregion.accounts",
]
MIDDLEWARE: list[str] = []
ROOT_URLCONF = "bench.floor_urls"
TEMPLATES: list[dict[str, object]] = []
USE_I18N = False
USE_TZ = True
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
