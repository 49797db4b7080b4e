"""Notes each API token's last use once the request is over.

The API's requests run in one transaction each (ATOMIC_REQUESTS), rolled back when a
request is refused (403, 404, 412, 429, ...). A token's last use is noted here, after
that transaction has ended, so every request the token authenticated counts, refused or
not. A revoked or unknown token authenticates nothing, so nothing is noted for it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .tokens import token_used

# The attribute of the request that `PersonalTokenAuthentication` sets to the token.
TOKEN_USED = "api_token_used"


class TokenUseMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        token = getattr(request, TOKEN_USED, None)
        if token is not None:
            token_used(token)
        return response
