from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "tracker.accounts"
    label = "tracker_accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from django.contrib.auth import get_user_model
        from django.contrib.auth.signals import user_logged_in, user_logged_out
        from django.db.models.signals import post_save

        from . import signin

        user_logged_in.connect(signin.on_logged_in, dispatch_uid="tracker.accounts.logged_in")
        user_logged_out.connect(signin.on_logged_out, dispatch_uid="tracker.accounts.logged_out")
        post_save.connect(
            signin.on_user_saved, sender=get_user_model(), dispatch_uid="tracker.accounts.saved"
        )
