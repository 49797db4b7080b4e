"""Reminders: the daily sweep that sends each owner one digest of what is due, once."""
