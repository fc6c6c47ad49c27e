"""WSGI entry point, served by gunicorn: ``gunicorn smartregion.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartregion.settings")

application = get_wsgi_application()
