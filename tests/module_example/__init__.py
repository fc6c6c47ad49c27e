"""A module added to Smart Region as one app folder plus one line in ``INSTALLED_APPS``.

``settings.py`` here is the project's settings with this app added; ``check_module.py`` runs
against it in a process of its own (``tests/test_module_example.py`` starts it).
"""
