"""Survey pages: answering and results, and the builder for coordinators."""
