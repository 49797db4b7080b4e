"""The committee's membership and officer support, kept by its officers."""
