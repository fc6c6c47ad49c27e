"""Production settings (``DEBUG=0`` from the environment) with the static files collected elsewhere.

``smartregion/settings.py`` fixes ``STATIC_ROOT`` to ``staticfiles/``; a test collects into its own
folder (``PRODCHECK_STATIC_ROOT``) and leaves the work tree as it was. Django's
``ManifestStaticFilesStorage`` instead of WhiteNoise's compressed one: the same hashed names from the
same manifest, without the gzip and brotli copies that take minutes to write.
"""

import os

from smartregion.settings import *  # noqa: F403
from smartregion.settings import STORAGES

STATIC_ROOT = os.environ["PRODCHECK_STATIC_ROOT"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}
