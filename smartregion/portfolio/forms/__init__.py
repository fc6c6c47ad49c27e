"""Forms of ideas and project profiles; services do the saving."""
