from django.apps import AppConfig


class CommitteesConfig(AppConfig):
    name = "committees"
    verbose_name = "Committees and meetings"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system checks)
