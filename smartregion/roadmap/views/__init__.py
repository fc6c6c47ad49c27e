"""Pages of the roadmap: the region's overview pages, a project's plan, the programme catalogue."""
