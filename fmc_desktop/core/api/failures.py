"""What went wrong with a request, in one sentence: what was dialled, what provably was not.

Each status and each transport failure becomes one of the project's errors.

requests' and urllib3's exceptions carry the URL, and with it the token: only their types and
the statuses are read here, never their text.
"""

from __future__ import annotations

import http
import http.client
import json
import re
import ssl
import time
from dataclasses import dataclass
from typing import Any, Final

import requests
from urllib3.exceptions import (
    ConnectTimeoutError,
    DecodeError,
    LocationParseError,
    MaxRetryError,
    NewConnectionError,
    ProxyError,
    ReadTimeoutError,
)
from urllib3.exceptions import HTTPError as Urllib3Error
from urllib3.exceptions import SSLError as Urllib3SSLError

from fmc_desktop.core.api.errors import (
    FmcError,
    NetworkError,
    OutcomeUnknownError,
    ParseError,
    RequestRejectedError,
    ResponseTooLargeError,
    ServerError,
    TimeoutError_,
    TokenRejectedError,
)
from fmc_desktop.core.api.token import redact
from fmc_desktop.core.numbers.outside_text import for_terminal

# How much of an error answer is read, and how much of it is shown to the user.
ERROR_BODY_BYTES: Final = 16 * 1024
_SERVER_TEXT_CHARS: Final = 300

# Everything requests and urllib3 (and the sockets under them) may raise while talking to the
# server. http.client's errors and OSError are normally wrapped by urllib3, but a boundary that
# lets one slip through would show its text, and the URL in it, to the user.
TRANSPORT_ERRORS: Final = (
    requests.RequestException,
    Urllib3Error,
    http.client.HTTPException,
    OSError,
)


@dataclass
class Answer:
    """What the server answered one request: its status, its body, and after how many tries."""

    status: int
    body: bytes
    attempts: int


@dataclass(frozen=True)
class Failures:
    """The errors of one client's requests, worded for its server; the token masked in each."""

    host: str
    token: str
    connect_timeout: float
    read_timeout: float
    total_deadline: float

    def stopped(self, *, originate: bool) -> NetworkError:
        if originate:
            return NetworkError(
                f"The call request to {self.host} was not sent because the app is closing. "
                "Nothing was dialled.",
                host=self.host,
                reason="stopped",
                dialled=False,
            )
        return NetworkError(
            f"The request to {self.host} was stopped because the app is closing.",
            host=self.host,
            reason="stopped",
        )

    def deadline(self, started: float | None = None) -> TimeoutError_:
        limit = self.total_deadline
        spent = limit if started is None else time.monotonic() - started
        return TimeoutError_(
            f"{self.host} did not finish answering; gave up after {_seconds_text(spent)}. "
            "Try again later.",
            host=self.host,
            timeout="total",
            seconds=round(spent, 1),
            limit=limit,
        )

    def api_error_answer(self, body: bytes) -> FmcError | None:
        """The API's own words when a 2xx answer is an object like {"error": "..."}, else None."""
        if len(body) > ERROR_BODY_BYTES:
            return None
        try:
            document = json.loads(body.decode("utf-8", errors="replace"))
        except ValueError:
            return None
        if not isinstance(document, dict) or "error" not in document or "calls" in document:
            return None
        said = document["error"]
        if isinstance(said, dict):  # {"error": {"message": ...}} is a common shape too
            said = said.get("message", said.get("text", said))
        raw = said if isinstance(said, str) else json.dumps(said, ensure_ascii=False)
        text = self._server_text(raw.encode("utf-8"))
        return RequestRejectedError(
            f"The API answered with an error instead of the calls: {text or 'no reason given'}",
            server_text=text,
        )

    def _server_text(self, body: bytes) -> str:
        # Control characters out first: the text reaches terminals and dialogs as it is.
        decoded = for_terminal(body.decode("utf-8", errors="replace"))
        text = " ".join(decoded.split())
        if len(text) > _SERVER_TEXT_CHARS:
            text = text[: _SERVER_TEXT_CHARS - 1] + "…"
        return redact(text, self.token)

    def _common_status(self, answer: Answer) -> FmcError:
        status = answer.status
        if status == 400:
            text = self._server_text(answer.body)
            said = f": {text}" if text else "."
            return RequestRejectedError(
                f"The API refused the request as invalid (400){said}",
                status=status,
                server_text=text,
            )
        if 300 <= status < 400:
            return ServerError(
                f"{self.host} answered with a redirect ({status}), which is not followed: "
                "check the server address.",
                status=status,
                reason="redirect",
            )
        if status >= 500:
            return ServerError(
                f"The FMC server could not answer (status {status}); try again later.",
                status=status,
                attempts=answer.attempts,
            )
        return ServerError(
            f"{self.host} gave an unexpected answer (status {status}).",
            status=status,
            attempts=answer.attempts,
        )

    def cdr_status(self, answer: Answer) -> FmcError:
        if answer.status == 403:
            return TokenRejectedError(
                "The FMC token was rejected; copy it again from the Settings section of the "
                "Virtual Mobile PBX integration portal (https://fmc.kyivstar.ua/api/webportal).",
                status=403,
            )
        return self._common_status(answer)

    def originate_status(self, answer: Answer, calling: str) -> FmcError:
        if answer.status == 403:
            return TokenRejectedError(
                "The API rejected the request with 403: either the token is wrong, or the API FMC "
                f"service is not enabled on the number {calling}; check the token, and that the "
                'number has the "Convergent" and "API FMC" packages with "CRM Type" set to '
                '"OneBox" in the integration portal\'s Settings.',
                status=403,
                calling_number=calling,
            )
        error = self._common_status(answer)
        if answer.status >= 500:
            error = ServerError(
                f"The FMC server could not take the call request (status {answer.status}); "
                "check your phone and the call history before trying again.",
                status=answer.status,
                attempts=answer.attempts,
            )
        return error

    def cdr_transport(self, error: BaseException, spent: float) -> FmcError:
        chain = _chain(error)
        root = chain[-1]
        refused = _tunnel_refusal(chain)
        if refused is not None:
            return self._proxy_refused(refused)
        if _has(chain, ProxyError, requests.exceptions.ProxyError):
            return self._proxy()
        if _has(chain, NewConnectionError):
            return self._unreachable()
        # The limits are per attempt and the history is retried: the sentence says how long the
        # user actually waited, not the limit of one attempt.
        if _has(chain, ConnectTimeoutError, requests.ConnectTimeout):
            return TimeoutError_(
                f"{self.host} did not accept a connection; gave up after "
                f"{_seconds_text(spent)}. Check the network connection or proxy.",
                host=self.host,
                timeout="connect",
                seconds=round(spent, 1),
                limit=self.connect_timeout,
            )
        if _has(chain, ReadTimeoutError, TimeoutError, requests.Timeout):
            return TimeoutError_(
                f"{self.host} did not answer; gave up after {_seconds_text(spent)}. "
                "Try again later.",
                host=self.host,
                timeout="read",
                seconds=round(spent, 1),
                limit=self.read_timeout,
            )
        if _has(chain, Urllib3SSLError, ssl.SSLError, requests.exceptions.SSLError):
            return self._tls()
        if _has(chain, DecodeError, requests.exceptions.ContentDecodingError):
            return ParseError(
                f"The answer from {self.host} was compressed wrongly and cannot be read.",
                host=self.host,
            )
        return NetworkError(
            f"The connection to {self.host} broke before the answer was complete; "
            "check the network connection or proxy, and try again.",
            host=self.host,
            reason=type(root).__name__,
        )

    def originate_transport(
        self, error: BaseException, *, watched: bool, written: bool
    ) -> FmcError:
        chain = _chain(error)
        root = chain[-1]
        # "Nothing was dialled" only where it provably was not sent: our connection was opened
        # and never started writing the request, or no connection was made at all (an address
        # that cannot even be parsed). The error's type alone cannot say it: urllib3 wraps a
        # connection lost after the request as ProxyError when a proxy is in the way.
        before_connecting = _has(
            chain,
            requests.exceptions.InvalidSchema,
            requests.exceptions.InvalidURL,
            requests.exceptions.MissingSchema,
            LocationParseError,
        )
        if not written and (watched or before_connecting):
            return self._not_sent(chain)
        return OutcomeUnknownError(
            "The call request was sent but no answer came back: check your phone and the call "
            "history before trying again.",
            host=self.host,
            reason=type(root).__name__,
        )

    def _not_sent(self, chain: list[BaseException]) -> FmcError:
        refused = _tunnel_refusal(chain)
        if refused is not None:
            return self._proxy_refused(refused, dialled=False)
        if _has(chain, ProxyError, requests.exceptions.ProxyError):
            return self._proxy(dialled=False)
        if _has(chain, Urllib3SSLError, ssl.SSLError, requests.exceptions.SSLError):
            return self._tls(dialled=False, certificate=_has(chain, ssl.SSLCertVerificationError))
        return self._unreachable(dialled=False)

    def _proxy_refused(self, status: int, *, dialled: bool | None = None) -> NetworkError:
        # Only the status and its standard phrase: the proxy's own words are not ours to print.
        try:
            phrase = http.HTTPStatus(status).phrase
        except ValueError:
            phrase = ""
        said = f"{status} {phrase}".strip()
        hint = (
            "the proxy needs a user name and password (proxy address: "
            "http://user:password@host:port)"
            if status == 407
            else "check the proxy settings"
        )
        details: dict[str, Any] = {"host": self.host, "reason": "proxy", "proxy_status": status}
        suffix = ""
        if dialled is False:
            details["dialled"] = False
            suffix = " Nothing was dialled."
        return NetworkError(
            f"The proxy refused to connect to {self.host} ({said}): {hint}.{suffix}", **details
        )

    def _unreachable(self, *, dialled: bool | None = None) -> NetworkError:
        details: dict[str, Any] = {"host": self.host, "reason": "connect"}
        suffix = ""
        if dialled is False:
            details["dialled"] = False
            suffix = " Nothing was dialled."
        return NetworkError(
            f"Could not reach {self.host}: check the network connection or proxy.{suffix}",
            **details,
        )

    def _proxy(self, *, dialled: bool | None = None) -> NetworkError:
        details: dict[str, Any] = {"host": self.host, "reason": "proxy"}
        suffix = ""
        if dialled is False:
            details["dialled"] = False
            suffix = " Nothing was dialled."
        return NetworkError(
            f"Could not reach {self.host} through the proxy: check the proxy settings.{suffix}",
            **details,
        )

    def _tls(self, *, dialled: bool | None = None, certificate: bool = True) -> NetworkError:
        details: dict[str, Any] = {"host": self.host, "reason": "tls"}
        suffix = ""
        if dialled is False:
            details["dialled"] = False
            suffix = " Nothing was dialled."
        if not certificate:
            return NetworkError(
                f"Could not make a secure connection to {self.host}: the secure handshake "
                "failed. Check any proxy or antivirus that inspects secure connections."
                f"{suffix}",
                **details,
            )
        return NetworkError(
            f"Could not make a secure connection to {self.host}: its certificate was not "
            "accepted. Check the computer's date and any proxy or antivirus that inspects "
            f"secure connections.{suffix}",
            **details,
        )

    def too_large(self, limit: int) -> ResponseTooLargeError:
        return ResponseTooLargeError(
            f"The answer from {self.host} is larger than {_size_text(limit)} and was "
            "stopped; ask for a shorter period.",
            limit=limit,
            host=self.host,
        )


# --- reading the exception chain --------------------------------------------------------------

# http.client's words when a proxy answers CONNECT with anything but 200 (urllib3 keeps them).
_TUNNEL_FAILED = re.compile(r"Tunnel connection failed: (\d{3})\b")


def _tunnel_refusal(chain: list[BaseException]) -> int | None:
    """The status a proxy answered our CONNECT with, when that is what failed."""
    for error in chain:
        if isinstance(error, OSError) and error.args and isinstance(error.args[0], str):
            found = _TUNNEL_FAILED.match(error.args[0])
            if found:
                return int(found.group(1))
    return None


def _seconds_text(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest} s"


def _chain(error: BaseException) -> list[BaseException]:
    """`error` and what it wraps, outermost first: requests' exceptions carry urllib3's in
    args[0], MaxRetryError its reason, ProxyError the original error, and so on down."""
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and all(current is not seen for seen in chain):
        chain.append(current)
        following: BaseException | None = None
        if isinstance(current, MaxRetryError):
            following = current.reason
        elif isinstance(current, ProxyError):
            following = current.original_error
        elif current.args and isinstance(current.args[0], BaseException):
            following = current.args[0]
        if following is None:
            following = current.__cause__
            if following is None and not current.__suppress_context__:
                following = current.__context__
        current = following
    return chain


def _has(chain: list[BaseException], *kinds: type[BaseException]) -> bool:
    return any(isinstance(error, kinds) for error in chain)


def _size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):g} MB"
    if size >= 1024:
        return f"{size / 1024:g} KB"
    return f"{size} bytes"
