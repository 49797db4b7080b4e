"""People and their roles on a committee: inviting someone to sign in, and ending a role."""
