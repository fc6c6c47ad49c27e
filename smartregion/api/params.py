"""Path parameters shared by the routers, validated before they reach a query."""

from __future__ import annotations

from typing import Annotated

from ninja.params.functions import Path

# The form Django's slug converter and SlugField accept. Anything else (e.g. a NUL byte, which
# PostgreSQL refuses in a query with a server error) is answered with 422 before any query.
# A router module using it must not use ``from __future__ import annotations``: ninja evaluates
# the annotations of a @paginate view in ninja's own module, where this name is unknown.
RegionSlug = Annotated[str, Path(pattern=r"^[-a-zA-Z0-9_]+$", max_length=80)]
