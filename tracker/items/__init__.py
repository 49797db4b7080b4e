"""Tracked items: the dashboard and item pages, the services that change an item."""
