"""Notifications: each person hears what concerns them once, by email at once or in the
day's digest, through the reminder sweep's records and sending (tracker/reminders/)."""
