"""Demo data for Umfragen from the seed documents; idempotent."""


def load() -> None:
    """Load the demo data of this app."""
