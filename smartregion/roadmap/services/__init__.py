"""Writes of the roadmap: milestones, personnel, financing and the funding programme catalogue."""
