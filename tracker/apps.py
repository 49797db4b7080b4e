from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate


class TrackerConfig(AppConfig):
    name = "tracker"
    verbose_name = "Tracking"

    def ready(self) -> None:
        # Importing access registers the object permissions with rules.
        from . import access  # noqa: F401
        from .kpis import table_cache
        from .roles import sync_role_permissions
        from .web import security  # noqa: F401

        security.install()  # counts failed sign-ins and throttles them

        post_migrate.connect(sync_role_permissions, sender=self)
        table_cache.connect()  # a report's cached table is renewed when what it shows changes


class TrackerAdminConfig(admin_apps.AdminConfig):
    """Django's admin on a site that admits administrators only (tracker.admin_site)."""

    default = False  # named in INSTALLED_APPS; "tracker" itself is TrackerConfig
    default_site = "tracker.admin_site.AdministratorsAdminSite"
