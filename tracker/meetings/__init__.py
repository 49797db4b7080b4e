"""Meetings: scheduling, recording what a meeting decided, and what carries forward to it."""
