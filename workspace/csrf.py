"""CSRF: a random token per session, required on every state-changing request (form field or header)."""
from __future__ import annotations

import hmac
import secrets

from fastapi import Request

UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
FIELD, HEADER = "csrf_token", "x-csrf-token"


class CsrfRejected(Exception):
    """A state-changing request without the session's token (403)."""


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not token:
        token = request.session["csrf"] = secrets.token_urlsafe(32)
    return token


async def csrf_protect(request: Request) -> None:
    """App-wide dependency: unsafe methods must carry the session's token."""
    if request.method not in UNSAFE_METHODS:
        return
    expected = request.session.get("csrf")
    given = request.headers.get(HEADER)
    if given is None:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            given = (await request.form()).get(FIELD)
    if not expected or not isinstance(given, str) or not hmac.compare_digest(expected, given):
        raise CsrfRejected()
