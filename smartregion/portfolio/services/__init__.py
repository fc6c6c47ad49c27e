"""Every write of the portfolio app, by domain: ``ideas``, ``projects``, ``imports``."""
