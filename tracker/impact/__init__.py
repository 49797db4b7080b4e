"""What scrutiny changed: the impact log, the impact statistics and the annual report."""
