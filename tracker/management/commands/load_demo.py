from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from tracker.dev.demo import DEMO_USERS, load_demo


class Command(BaseCommand):
    help = (
        "Load the Children's Social Care O&S Committee's 2018/19 record and create the demo "
        "users officer, owner, councillor and admin. Safe to run again: it changes nothing "
        "the second time. Refused when DEBUG is off."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--password",
            help="Password for the demo users (otherwise a new one is generated and printed "
            "for each user created).",
        )

    def handle(self, *args, password: str | None = None, **options) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "The demo data and its users are for trying the app out, and DEBUG is off: "
                "refusing to load them into what looks like a production database."
            )
        if password is not None:
            _check_password(password)
        report = load_demo(password=password)
        if not report.changed:
            self.stdout.write("The demo data is already loaded: nothing changed.")
        for label, count in sorted(report.created.items()):
            self.stdout.write(f"Created {count} {label}")
        for label, count in sorted(report.updated.items()):
            self.stdout.write(f"Updated {count} {label}")
        for username, user_password in report.passwords.items():
            self.stdout.write(self.style.SUCCESS(f"Sign in as {username} / {user_password}"))


def _check_password(password: str) -> None:
    """The password validators apply here as everywhere a password is set."""
    user_model = get_user_model()
    problems: list[str] = []
    for username in DEMO_USERS:
        try:
            validate_password(
                password, user_model(username=username, email=f"{username}@example.org")
            )
        except ValidationError as error:
            problems += error.messages
    if problems:
        raise CommandError(
            "That password is not allowed, so nothing was loaded: "
            + " ".join(dict.fromkeys(problems))
        )
