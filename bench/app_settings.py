"""The app's own settings, with two changes that no measured request notices.

- Static files are collected under bench/out/ (``BENCH_STATIC_ROOT``): ``smartregion/settings.py``
  fixes ``STATIC_ROOT`` to ``staticfiles/``, and a run should leave the work tree as it was.
- Django's ``ManifestStaticFilesStorage`` instead of WhiteNoise's compressed one: the same hashed
  names from the same manifest for every ``{% static %}``, without writing the gzip and brotli
  copies, which take minutes (brotli at its highest level over 40 MB of source maps) and which
  only requests for static files, not measured here, would read.
"""

import os
from pathlib import Path

from smartregion.settings import *  # noqa: F403
from smartregion.settings import BASE_DIR, STORAGES

STATIC_ROOT = Path(os.environ.get("BENCH_STATIC_ROOT", str(BASE_DIR / "bench" / "out" / "static")))
if "Manifest" in STORAGES["staticfiles"]["BACKEND"]:
    STORAGES = {
        **STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
