from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "tracker.accounts"
    label = "tracker_accounts"
    verbose_name = "Accounts"
