from django.apps import AppConfig
from django.db.models.signals import post_migrate


class TrackerConfig(AppConfig):
    name = "tracker"
    verbose_name = "Tracking"

    def ready(self) -> None:
        from . import access  # noqa: F401 - registers the object permissions with rules
        from .roles import sync_role_permissions

        post_migrate.connect(sync_role_permissions, sender=self)
