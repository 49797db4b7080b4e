"""Django's createsuperuser, with the password validators applied without --noinput too.

Asked interactively, Django already checks the password. With --noinput it takes
DJANGO_SUPERUSER_PASSWORD as given; here that password is checked first, and a weak one
creates nobody.
"""

from __future__ import annotations

import os

from django.contrib.auth.management.commands import createsuperuser
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError


class Command(createsuperuser.Command):
    def handle(self, *args, **options):
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD")
        if not options["interactive"] and password is not None:
            fields = {
                name: options.get(name) or os.environ.get(f"DJANGO_SUPERUSER_{name.upper()}")
                for name in (self.UserModel.USERNAME_FIELD, *self.UserModel.REQUIRED_FIELDS)
            }
            try:
                validate_password(password, self.UserModel(**fields))
            except ValidationError as error:
                raise CommandError(
                    "DJANGO_SUPERUSER_PASSWORD is not allowed: " + " ".join(error.messages)
                ) from None
        return super().handle(*args, **options)
