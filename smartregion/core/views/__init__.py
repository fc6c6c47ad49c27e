"""Installation-wide pages (site.py), a person's workspace "Meine Aufgaben" (workspace.py) and a
region's audit page (audit.py)."""
