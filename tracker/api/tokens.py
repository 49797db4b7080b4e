"""Making, using and revoking personal API tokens. The value is returned once, by
`api_token_create`; nothing here stores or logs it."""

from __future__ import annotations

import logging

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone

from .models import VISIBLE_CHARACTERS, ApiToken, new_token_value, token_digest

log = logging.getLogger("tracker.api.tokens")

MAX_LIVE_TOKENS = 20


def api_token_create(*, user: AbstractBaseUser, name: str) -> tuple[ApiToken, str]:
    """A new token for `user`: the row and the value, which is never seen again."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "Enter a name for the token, saying what it is for"})
    if len(name) > 100:
        raise ValidationError({"name": "The token's name must be 100 characters or fewer"})
    if ApiToken.objects.filter(user=user, revoked_at__isnull=True).count() >= MAX_LIVE_TOKENS:
        raise ValidationError(
            f"You have {MAX_LIVE_TOKENS} live tokens: revoke one before making another"
        )
    value = new_token_value()
    token = ApiToken(
        user=user, name=name, prefix=value[: 3 + VISIBLE_CHARACTERS], digest=token_digest(value)
    )
    token.full_clean()
    token.save()
    log.info("API token %s (%s) created by %s", token.pk, token.prefix, user.get_username())
    return token, value


def api_token_revoke(*, token: ApiToken, by_user: AbstractBaseUser) -> bool:
    """Stop the token at once. False when it had already been stopped."""
    now = timezone.now()
    # ApiToken keeps no history table: the row is never deleted, the conditional update lets
    # exactly one request stop it, and the change is logged with who made it.
    stopped = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=now)
    if stopped:
        token.revoked_at = now
        log.info("API token %s (%s) revoked by %s", token.pk, token.prefix, by_user.get_username())
    return bool(stopped)


def tokens_of(user: AbstractBaseUser) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


def token_for_value(value: str) -> ApiToken | None:
    """The live token with this value, or None. Reads only: `token_used` notes the use."""
    return ApiToken.objects.live().select_related("user").filter(digest=token_digest(value)).first()


def token_used(token: ApiToken) -> None:
    """Note that `token` was used just now. Called once the request's transaction has
    ended (`tracker.api.middleware`), so a request that was refused, and rolled back,
    is noted too."""
    now = timezone.now()
    # Bookkeeping on ApiToken, which keeps no history: when it was last used.
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
