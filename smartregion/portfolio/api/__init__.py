"""The portfolio's API routers: ideas and project profiles."""
