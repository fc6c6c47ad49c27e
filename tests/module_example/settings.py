"""The project's settings with the example module added: one line."""

from smartregion.settings import *  # noqa: F403
from smartregion.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.module_example"]
