"""The roles people have, as Django groups (created by migration tracker 0002)."""

from __future__ import annotations

ROLE_OFFICERS = "Scrutiny officers"
ROLE_OWNERS = "Responsible officers"
ROLE_MEMBERS = "Committee members"
ROLE_ADMINISTRATORS = "Administrators"

# Scrutiny officers keep the record in the admin from day one: they may view, add and
# change everything in these apps, but deleting is left to administrators, because nothing
# a user saved may be lost.
OFFICER_APPS = ("committees", "tracker")
OFFICER_ACTIONS = ("view", "add", "change")


def sync_role_permissions(**kwargs) -> None:
    """Give each role group its model permissions; safe to run after every migrate."""
    from django.contrib.auth.models import Group, Permission

    officers = Group.objects.filter(name=ROLE_OFFICERS).first()
    if officers is None:  # the migration creating the groups has not run yet
        return
    wanted = Permission.objects.filter(
        content_type__app_label__in=OFFICER_APPS,
        codename__regex=rf"^({'|'.join(OFFICER_ACTIONS)})_",
    )
    officers.permissions.add(*wanted)
