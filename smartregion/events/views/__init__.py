"""Event pages: the public calendar and registration, and their management."""
