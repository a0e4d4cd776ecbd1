"""The user's settings: a typed record saved as readable JSON, with a schema version and migrations.

Nothing secret lives here: the token is in the keyring (core.secrets), and `save` refuses any value
that looks like a token or a password. A file that cannot be read is never silently replaced by
defaults: it is moved aside and the caller is told where it went.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

from fmc_desktop.core.api.clock import Clock, SystemClock
from fmc_desktop.core.api.errors import InsecureUrlError, InvalidInputError, SettingsError
from fmc_desktop.core.api.token import redact
from fmc_desktop.core.numbers.phone import canonical
from fmc_desktop.core.system.files import write_atomically

log = logging.getLogger(__name__)

T = TypeVar("T")

SCHEMA_VERSION = 2
DEFAULT_BASE_URL = "https://fmc.kyivstar.ua"
BASE_URL_ENV = "FMC_BASE_URL"

LANGUAGES = ("system", "uk", "en")
TIME_ZONES = ("kyiv", "local")
PROXY_MODES = ("system", "none", "manual")
# Longer than a day between syncs would let calls fall off the API's 30-day horizon unnoticed.
MAX_SYNC_INTERVAL_MINUTES = 24 * 60


@dataclass
class Settings:
    """Everything the user can set. `ui_state` is the GUI's own (geometry, columns, filters).

    `extra` holds keys this version does not know, so a file written by a newer version keeps
    them when an older one saves. Binary GUI state (Qt's saveState) belongs in `ui_state` as
    base64, not hex: a hex blob of exactly 64 digits is indistinguishable from a token.
    """

    schema_version: int = SCHEMA_VERSION
    base_url: str = DEFAULT_BASE_URL
    own_numbers: list[str] = field(default_factory=list)
    call_as: str | None = None
    company_numbers: list[str] = field(default_factory=list)
    fetch_names: bool = True
    fetch_departments: bool = True
    fetch_ownership: bool = False
    sync_interval_minutes: int = 5
    quick_check_seconds: int = 60  # the quick check for missed calls; 0: off (core.quick_check)
    global_shortcut: str = "Ctrl+Alt+D"  # dial the selected text from any program; "": off
    confirm_before_dial: bool = True
    start_minimised: bool = False
    start_at_login: bool = False
    language: str = "system"  # system|uk|en
    theme: str = "system"
    time_zone: str = "kyiv"  # kyiv|local: how call times are shown
    proxy_mode: str = "system"  # system|none|manual
    proxy_url: str = ""
    display_name: str = ""  # signs notes, tags and worklist changes; "": the login name
    working_hours: str = "mon-fri 09:00-18:00"  # Kyiv time; waits outside them do not count
    holidays: list[str] = field(default_factory=list)  # YYYY-MM-DD, not working days
    ui_state: dict[str, object] = field(default_factory=dict)
    extra: dict[str, object] = field(default_factory=dict)


# --- validation ---------------------------------------------------------------------------------


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_str_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _one_of(choices: tuple[str, ...]) -> Callable[[object], str | None]:
    def check(value: object) -> str | None:
        if isinstance(value, str) and value in choices:
            return None
        return "must be one of " + ", ".join(choices)

    return check


def _expect(test: Callable[[object], bool], what: str) -> Callable[[object], str | None]:
    def check(value: object) -> str | None:
        return None if test(value) else f"must be {what}"

    return check


def _check_interval(value: object) -> str | None:
    if (
        isinstance(value, int)
        and not isinstance(value, bool)
        and 1 <= value <= MAX_SYNC_INTERVAL_MINUTES
    ):
        return None
    return f"must be a whole number of minutes from 1 to {MAX_SYNC_INTERVAL_MINUTES}"


def _check_quick_check(value: object) -> str | None:
    if (
        isinstance(value, int)
        and not isinstance(value, bool)
        and (value == 0 or 30 <= value <= 3600)
    ):
        return None
    return "must be 0 (off) or a whole number of seconds from 30 to 3600"


def _check_version(value: object) -> str | None:
    # Never below the current version: an older number would make the next load migrate again.
    if isinstance(value, int) and not isinstance(value, bool) and value >= SCHEMA_VERSION:
        return None
    return f"must be a schema version of at least {SCHEMA_VERSION}"


_is_bool = _expect(lambda v: isinstance(v, bool), "true or false")
_is_text = _expect(lambda v: isinstance(v, str), "text")

# One check per field; each returns what is wrong, never the value (it might be a secret).
_CHECKS: dict[str, Callable[[object], str | None]] = {
    "schema_version": _check_version,
    "base_url": _is_text,
    "own_numbers": _expect(_is_str_list, "a list of phone numbers as text"),
    "call_as": _expect(lambda v: v is None or isinstance(v, str), "a phone number or null"),
    "company_numbers": _expect(_is_str_list, "a list of phone numbers as text"),
    "fetch_names": _is_bool,
    "fetch_departments": _is_bool,
    "fetch_ownership": _is_bool,
    "sync_interval_minutes": _check_interval,
    "quick_check_seconds": _check_quick_check,
    "global_shortcut": _is_text,
    "confirm_before_dial": _is_bool,
    "start_minimised": _is_bool,
    "start_at_login": _is_bool,
    "language": _one_of(LANGUAGES),
    "theme": _is_text,
    "time_zone": _one_of(TIME_ZONES),
    "proxy_mode": _one_of(PROXY_MODES),
    "proxy_url": _is_text,
    "display_name": _is_text,
    "working_hours": _is_text,
    "holidays": _expect(_is_str_list, "a list of dates as text (YYYY-MM-DD)"),
    "ui_state": _expect(lambda v: isinstance(v, dict), "an object"),
}
_FIELD_NAMES = tuple(f.name for f in fields(Settings) if f.name != "extra")
assert set(_CHECKS) == set(_FIELD_NAMES), "every setting needs a check"


# A URL carrying a password (user:password@host), e.g. a proxy address typed in full.
_URL_WITH_PASSWORD = re.compile(r"://[^/\s@:]*:[^/\s@]+@")


def _looks_secret(text: str) -> bool:
    return redact(text) != text or _URL_WITH_PASSWORD.search(text) is not None


def _find_secret(value: object, where: str) -> str | None:
    """Where in `value` something token- or password-shaped sits, or None."""
    if isinstance(value, str):
        return where if _looks_secret(value) else None
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = _find_secret(item, f"{where}[{index}]")
            if found:
                return found
    if isinstance(value, dict):
        for key, item in value.items():
            if _looks_secret(str(key)):
                return f"a key in {where}"
            found = _find_secret(item, f"{where}[{key!r}]")
            if found:
                return found
    return None


# --- migrations ---------------------------------------------------------------------------------


def _migrate_v0_to_v1(data: dict[str, Any]) -> dict[str, Any]:
    """Version 0 knew one own number and let the user choose where the token was kept.

    v1 keeps a list of own numbers, and the token only ever lives in the keyring, so the
    "token_store" choice (keyring or file) has nothing left to choose.
    """
    migrated = dict(data)
    own = migrated.pop("own_number", None)
    if "own_numbers" not in migrated:
        if own is None or own == "":
            migrated["own_numbers"] = []
        elif isinstance(own, str):
            migrated["own_numbers"] = [own]
        else:
            raise TypeError("own_number must be text")
    migrated.pop("token_store", None)
    return migrated


def _migrate_v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """Version 2 reads numbers with libphonenumber: `+4402…` (the trunk 0 of `+44 (0)20 …`
    kept by mistake) is `+442…`, and spellings v1 refused become numbers. The user's own
    numbers, the company's and "call as" are read again, so they keep matching the calls."""
    migrated = dict(data)
    for key in ("own_numbers", "company_numbers"):
        value = migrated.get(key)
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            migrated[key] = list(dict.fromkeys(canonical(item) for item in value))
    if isinstance(migrated.get("call_as"), str) and migrated["call_as"]:
        migrated["call_as"] = canonical(migrated["call_as"])
    return migrated


# from_version -> function turning a dict of that version into one of from_version + 1.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    0: _migrate_v0_to_v1,
    1: _migrate_v1_to_v2,
}


class _Unreadable(Exception):
    """Why a settings file's content cannot be used (never quoting a value)."""


def settings_from_dict(data: object) -> Settings:
    """Settings from a decoded JSON document, migrated to the current version."""
    if not isinstance(data, dict):
        raise _Unreadable("it does not hold a JSON object")
    version = data.get("schema_version", 0)
    if not _is_int(version) or version < 0:
        raise _Unreadable("its schema_version is not a version number")
    while version < SCHEMA_VERSION:
        migrate = MIGRATIONS.get(version)
        if migrate is None:
            raise _Unreadable(f"there is no migration from schema version {version}")
        try:
            data = migrate(data)
        except (TypeError, ValueError, KeyError) as exc:
            raise _Unreadable(f"it could not be migrated from version {version}: {exc}") from None
        version += 1
        data["schema_version"] = version
    if version > SCHEMA_VERSION:
        # Written by a newer version: read what we know, keep the rest, and keep its version
        # so that saving does not make the newer version migrate its own file again.
        log.warning(
            "Settings file has schema version %s; this version knows %s", version, SCHEMA_VERSION
        )
    values: dict[str, Any] = {}
    for name in _FIELD_NAMES:
        if name in data:
            problem = _CHECKS[name](data[name])
            if problem:
                raise _Unreadable(f'"{name}" {problem}')
            values[name] = data[name]
    extra = {key: value for key, value in data.items() if key not in _FIELD_NAMES}
    return Settings(**values, extra=extra)


def settings_to_dict(settings: Settings) -> dict[str, Any]:
    """The JSON document for `settings`; ValueError if a value has the wrong type or is secret."""
    data: dict[str, Any] = dict(settings.extra)
    for name in _FIELD_NAMES:
        value = getattr(settings, name)
        problem = _CHECKS[name](value)
        if problem:
            raise ValueError(f'Setting "{name}" {problem}.')
        data[name] = value
    for key, value in data.items():
        where = _find_secret(value, key) if not _looks_secret(key) else "a key"
        if where:
            raise ValueError(
                f"Refusing to save settings: {where} looks like a token or a password; "
                "secrets belong in the keyring, never in the settings file."
            )
    return data


# --- the file -----------------------------------------------------------------------------------


class SettingsStore:
    """Loads and saves one settings file."""

    def __init__(self, path: Path, *, clock: Clock | None = None) -> None:
        self.path = path
        self._clock: Clock = clock or SystemClock()

    def load(self) -> Settings:
        """The saved settings, or defaults when there is no file yet.

        A file that cannot be used is moved aside (settings.json.corrupt-YYYYMMDD-HHMMSS) and
        SettingsError says where; the caller decides whether to go on with defaults.
        """
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return Settings()
        except OSError as exc:
            raise SettingsError(
                f"The settings file {self.path} could not be read ({exc.strerror}).",
                path=str(self.path),
            ) from None
        try:
            try:
                text = raw.decode("utf-8-sig")  # an editor may have added a BOM
            except UnicodeDecodeError:
                raise _Unreadable("it is not UTF-8 text") from None
            try:
                data = json.loads(text)
            except json.JSONDecodeError as exc:
                # The decoder's message names a line and column, never the content.
                raise _Unreadable(
                    f"it is not valid JSON ({exc.msg} at line {exc.lineno})"
                ) from None
            return settings_from_dict(data)
        except _Unreadable as problem:
            reason = str(problem)
        aside = self._move_aside()
        if aside is None:
            raise SettingsError(
                f"The settings file {self.path} could not be read: {reason}. "
                "It could not be moved aside either; fix or remove it before saving settings.",
                path=str(self.path),
                reason=reason,
            )
        raise SettingsError(
            f"The settings file {self.path} could not be read: {reason}. "
            f"It was kept as {aside}, and the settings start again from the defaults.",
            path=str(self.path),
            kept_as=str(aside),
            reason=reason,
        )

    def save(self, settings: Settings) -> None:
        """Write atomically: a temp file in the same folder, fsync, then rename over the old one."""
        data = settings_to_dict(settings)
        text = json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
        # 0o600 from the first byte: the settings are the user's alone.
        write_atomically(self.path, text)

    def _move_aside(self) -> Path | None:
        stamp = self._clock.now().astimezone().strftime("%Y%m%d-%H%M%S")
        base = f"{self.path.name}.corrupt-{stamp}"
        target = self.path.with_name(base)
        counter = 2
        while target.exists():
            target = self.path.with_name(f"{base}-{counter}")
            counter += 1
        try:
            os.replace(self.path, target)
        except OSError:
            log.warning("Could not move the unreadable settings file aside", exc_info=True)
            return None
        log.warning("Unreadable settings file moved to %s", target)
        return target


# --- where each value comes from -----------------------------------------------------------------


def _as_is(raw: str) -> Any:
    return raw


def parse_bool(raw: str) -> bool:
    """An environment switch: 1/true/yes/on or 0/false/no/off."""
    lowered = raw.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise ValueError("expected one of 1, true, yes, on, 0, false, no, off")


def resolve_value(
    flag: T | None,
    env_name: str,
    setting: T,
    *,
    environ: Mapping[str, str] | None = None,
    parse: Callable[[str], T] = _as_is,
) -> T:
    """The command-line flag if given, else the environment variable, else the settings value.

    The settings value already is the default when the file does not set it. An empty
    environment variable counts as unset, as shells make it easy to leave one behind.
    """
    if flag is not None:
        return flag
    env = os.environ if environ is None else environ
    raw = env.get(env_name, "").strip()
    if not raw:
        return setting
    try:
        return parse(raw)
    except ValueError as exc:
        # The parser's reason helps, unless it quotes the value (int() does), which may be secret.
        reason = str(exc)
        hint = f": {reason}" if reason and raw not in reason and redact(reason) == reason else ""
        raise InvalidInputError(
            f"The environment variable {env_name} has a value that cannot be used{hint}.",
            variable=env_name,
        ) from None


def resolve_base_url(
    flag: str | None, settings: Settings, environ: Mapping[str, str] | None = None
) -> str:
    """The API address (flag > FMC_BASE_URL > settings), already passed through check_base_url."""
    return check_base_url(resolve_value(flag, BASE_URL_ENV, settings.base_url, environ=environ))


def _is_loopback(host: str) -> bool:
    # Only the bare name: "x.localhost" may well go to DNS, and so leave the computer.
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_base_url(url: str) -> str:
    """The API address, normalised (lower-case scheme and host, no trailing slash).

    The token travels in the query string, so anything but https would hand it to whoever is
    on the network; plain http is allowed only to this computer (the simulator). The URL itself
    is never quoted back, as a pasted address may carry a password or a token.
    """
    cleaned = url.strip()
    if not cleaned or any(ch.isspace() or ord(ch) < 32 or ch == "\\" for ch in cleaned):
        raise InsecureUrlError("The server address is empty or contains spaces or backslashes.")
    parts = urlsplit(cleaned)
    scheme = parts.scheme.lower()
    try:
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError:
        raise InsecureUrlError("The server address has an invalid port number.") from None
    if scheme not in ("https", "http") or not host:
        raise InsecureUrlError(
            "The server address must be a full https:// address, such as https://fmc.kyivstar.ua."
        )
    if "@" in parts.netloc:
        raise InsecureUrlError(
            "The server address must not contain a user name or password (the part before @)."
        )
    if parts.query or parts.fragment or cleaned.endswith(("?", "#")):
        raise InsecureUrlError(
            "The server address must not contain a query (?…) or fragment (#…); "
            "the token is never part of the address."
        )
    if scheme == "http" and not _is_loopback(host):
        raise InsecureUrlError(
            "The server address must use https://; plain http:// is allowed only to this "
            "computer (localhost, 127.0.0.1 or ::1), because the token would travel unencrypted.",
            host=host,
        )
    netloc = f"[{host}]" if ":" in host else host
    if port is not None:
        netloc = f"{netloc}:{port}"
    return urlunsplit((scheme, netloc, parts.path.rstrip("/"), "", ""))
