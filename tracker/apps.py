from django.apps import AppConfig
from django.db.models.signals import post_migrate


class TrackerConfig(AppConfig):
    name = "tracker"
    verbose_name = "Tracking"

    def ready(self) -> None:
        # Importing access registers the object permissions with rules.
        from . import access, security  # noqa: F401
        from .roles import sync_role_permissions

        security.install()  # counts failed sign-ins, throttles the admin's sign-in too

        post_migrate.connect(sync_role_permissions, sender=self)
