"""Who may change a strategy: the region's coordinators; a municipality's own strategy: its officers too."""

import rules

from smartregion.accounts.rules import is_officer_of_municipality, is_region_coordinator

rules.add_perm("strategy.change_strategy", is_region_coordinator | rules.is_superuser)


@rules.predicate
def is_officer_of_derived_municipality(user: object, municipal_strategy: object) -> bool:
    municipality = getattr(municipal_strategy, "municipality", None)
    return bool(is_officer_of_municipality(user, municipality))


@rules.predicate
def is_coordinator_of_municipal_strategy(user: object, municipal_strategy: object) -> bool:
    municipality = getattr(municipal_strategy, "municipality", None)
    return bool(municipality is not None and is_region_coordinator(user, municipality))


# Deriving is checked on the municipality, changing on the municipal strategy.
rules.add_perm(
    "strategy.derive_strategy", is_region_coordinator | is_officer_of_municipality | rules.is_superuser
)
rules.add_perm(
    "strategy.change_municipal_strategy",
    is_coordinator_of_municipal_strategy | is_officer_of_derived_municipality | rules.is_superuser,
)
