"""Portfolio pages: ideas, project profiles, their documents, import and export."""
