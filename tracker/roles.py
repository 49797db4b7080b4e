"""The roles people have, as Django groups (created by migration tracker 0002)."""

from __future__ import annotations

ROLE_OFFICERS = "Scrutiny officers"
ROLE_OWNERS = "Responsible officers"
ROLE_MEMBERS = "Committee members"
ROLE_ADMINISTRATORS = "Administrators"

# The Django admin is for administrators only (tracker.admin_site): they hold every model
# permission of these apps. The other roles work in the app's own pages, whose rules
# (tracker.access) are scoped to committees; they hold no model permission at all, so that
# nothing outside those rules ever admits them.
ADMINISTRATOR_APPS = ("committees", "tracker")


def sync_role_permissions(**kwargs) -> None:
    """Give each role group its model permissions; safe to run after every migrate."""
    from django.contrib.auth.models import Group, Permission

    administrators = Group.objects.filter(name=ROLE_ADMINISTRATORS).first()
    if administrators is None:  # the migration creating the groups has not run yet
        return
    administrators.permissions.add(
        *Permission.objects.filter(content_type__app_label__in=ADMINISTRATOR_APPS)
    )
    for group in Group.objects.filter(name__in=[ROLE_OFFICERS, ROLE_OWNERS, ROLE_MEMBERS]):
        group.permissions.clear()
