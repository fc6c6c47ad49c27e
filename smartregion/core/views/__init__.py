"""Installation-wide pages (site.py) and a region's audit page (audit.py)."""
