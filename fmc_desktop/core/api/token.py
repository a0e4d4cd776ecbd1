"""The FMC token's shape and its removal from any text that could be shown or logged."""

from __future__ import annotations

import re

from fmc_desktop.core.api.errors import BadTokenShapeError

TOKEN_RE = re.compile(r"^[0-9a-fA-F]{64}\Z")
# Anything token-shaped, wherever it appears (a URL's query, a traceback, a repr).
_TOKEN_ANYWHERE = re.compile(r"(?<![0-9a-fA-F])[0-9a-fA-F]{64}(?![0-9a-fA-F])")
_TOKEN_PARAM = re.compile(r"(token=)[^&\s'\"]*", re.IGNORECASE)
REDACTED = "***"


def check_token_shape(token: str) -> str:
    """The token, stripped, if it is 64 hex digits; else BadTokenShapeError (never echoing it)."""
    cleaned = token.strip()
    if not TOKEN_RE.match(cleaned):
        raise BadTokenShapeError(
            "The FMC token must be 64 characters, digits 0-9 and letters a-f; "
            "copy it again from the Settings section of the Virtual Mobile PBX integration portal.",
            length=len(cleaned),
        )
    return cleaned


def redact(text: str, *secrets: str) -> str:
    """Text with every token-shaped string, every `token=` value and each given secret masked."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, REDACTED)
    text = _TOKEN_PARAM.sub(r"\1" + REDACTED, text)
    return _TOKEN_ANYWHERE.sub(REDACTED, text)
