"""Who may write: a bearer token from the settings, compared in constant time.

With no token configured (or LANKA_WRITABLE=false) the server is read-only and every write is
refused with 403; with one, a write without it or with another is refused with 401 and a
`WWW-Authenticate: Bearer` challenge. Start-up refuses LANKA_WRITABLE=true without a token
(`Settings.check`).
"""

from __future__ import annotations

import hmac

from fastapi import Request

from loaders.errors import NotAuthorised, WritesDisabled
from service.settings import Settings

CHALLENGE = 'Bearer realm="lanka"'


def require_writer(request: Request, settings: Settings) -> None:
    if not settings.writes_enabled or settings.update_token is None:
        raise WritesDisabled(
            "palvelin on vain luku -tilassa: kirjoitus vaatii LANKA_UPDATE_TOKEN-asetuksen",
            "the server is read-only: writes need LANKA_UPDATE_TOKEN to be set",
        )
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    expected = settings.update_token.get_secret_value().encode("utf-8")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        given.strip().encode("utf-8"), expected
    ):
        raise NotAuthorised(
            "kirjoitus vaatii oikean tunnisteen (Authorization: Bearer …)",
            "a write needs the right token (Authorization: Bearer …)",
        )
