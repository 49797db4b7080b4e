"""The Django admin, for system administrators only.

Scrutiny officers, owners and councillors do their work in the app's own pages, which are
scoped to their committees; the admin is not. So the admin admits only administrators
(superusers, or the Administrators group: `Access.is_administrator`), whatever a user's
`is_staff` says, and there is one way to sign in: the app's own page, with its throttle.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.admin import AdminSite
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from .access import access_for


class AdministratorsAdminSite(AdminSite):
    site_header = "Scrutiny Tracker administration"
    site_title = "Scrutiny Tracker administration"
    index_title = "System administration"

    def has_permission(self, request) -> bool:
        return access_for(request.user).is_administrator

    def login(self, request, extra_context=None):
        """Anyone signed in who is not an administrator is refused; others sign in first."""
        if request.user.is_authenticated:
            if self.has_permission(request):
                return super().login(request, extra_context)  # sends them on to `next`
            raise PermissionDenied("The admin is for system administrators.")
        return redirect_to_login(
            request.GET.get("next") or request.get_full_path(), settings.LOGIN_URL
        )
