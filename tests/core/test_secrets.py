"""The token's safekeeping: environment first, one keyring entry per host, no unsafe keyrings."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null
from keyring.errors import PasswordSetError

from fmc_desktop.core.api.errors import (
    BadTokenShapeError,
    FmcError,
    KeyringTimeoutError,
    NoSafeKeyringError,
)
from fmc_desktop.core.system.secrets import (
    SERVICE,
    FoundToken,
    TokenSource,
    TokenStore,
    check_keyring_safe,
)
from tests.support.keyrings import HangingKeyring, LockedKeyring, MemoryKeyring

REAL = "https://fmc.kyivstar.ua"
SIMULATOR = "http://127.0.0.1:8123"
TOKEN = "868b26d121e50f3b9e715bd86e77f2d6dbef354e7a9bcdb0aae0a0868a32e4a1"
OTHER = "0123456789abcdef" * 4


def _assert_no_token(error: BaseException, *tokens: str) -> None:
    shown = [str(error), repr(error)]
    if isinstance(error, FmcError):
        shown.append(repr(error.details))
    for text in shown:
        for token in tokens or (TOKEN, OTHER):
            assert token not in text


# --- backends for the tests (priority below zero: keyring never picks them by itself) ------------


class PlaintextKeyring(KeyringBackend):
    """Looks like keyrings.alt's plain-text file, and keeps entries like it would."""

    __module__ = "keyrings.alt.file"
    priority = -1

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.entries.pop((service, username))


class UnencryptedFileKeyring(PlaintextKeyring):
    """Some other package's plain file, recognisable only by its name."""

    __module__ = "someones_keyrings.files"


class FakeSecretService(MemoryKeyring):
    __module__ = "keyring.backends.SecretService"
    __qualname__ = "Keyring"
    priority = -1


class ChattyKeyring(MemoryKeyring):
    """A backend whose error quotes the password it was given."""

    priority = -1

    def set_password(self, service: str, username: str, password: str) -> None:
        raise PasswordSetError(f"could not store {password} for {username}")


def _chain(*members: KeyringBackend) -> KeyringBackend:
    class Chain(chainer.ChainerBackend):
        backends = members

    return Chain()


@pytest.fixture
def use_backend(memory_keyring: MemoryKeyring) -> Iterator[object]:
    """keyring.set_keyring for one test, then back to the in-memory keyring."""
    yield keyring.set_keyring
    keyring.set_keyring(memory_keyring)


@pytest.fixture
def hanging_keyring(use_backend: object) -> Iterator[HangingKeyring]:
    release = threading.Event()
    backend = HangingKeyring(release)
    keyring.set_keyring(backend)
    yield backend
    release.set()
    for thread in threading.enumerate():
        if thread.name == "fmc-keyring":
            thread.join(5)


# --- finding the token ---------------------------------------------------------------------------


def test_the_environment_wins(memory_keyring: MemoryKeyring) -> None:
    memory_keyring.entries[(SERVICE, "fmc.kyivstar.ua")] = OTHER
    store = TokenStore(REAL, environ={"FMC_TOKEN": f"  {TOKEN}\n"})
    store.set_session_token(OTHER)

    assert store.find() == FoundToken(TOKEN, TokenSource.ENVIRONMENT)


def test_the_process_environment_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FMC_TOKEN", TOKEN)
    assert TokenStore(REAL).find() == FoundToken(TOKEN, TokenSource.ENVIRONMENT)


def test_a_malformed_environment_token_is_refused_without_echo() -> None:
    bad = TOKEN[:-1] + "x"
    with pytest.raises(BadTokenShapeError, match="FMC_TOKEN") as caught:
        TokenStore(REAL, environ={"FMC_TOKEN": bad}).find()
    _assert_no_token(caught.value, bad, TOKEN[:40])


def test_the_environment_token_does_not_touch_the_keyring(
    hanging_keyring: HangingKeyring,
) -> None:
    store = TokenStore(REAL, timeout=0.3, environ={"FMC_TOKEN": TOKEN})
    assert store.find() == FoundToken(TOKEN, TokenSource.ENVIRONMENT)


def test_nothing_anywhere_is_none() -> None:
    assert TokenStore(REAL, environ={}).find() is None


def test_saved_token_is_found_in_the_keyring(memory_keyring: MemoryKeyring) -> None:
    store = TokenStore(REAL, environ={})
    store.save(f" {TOKEN} ")

    assert memory_keyring.entries == {(SERVICE, "fmc.kyivstar.ua"): TOKEN}
    assert store.find() == FoundToken(TOKEN, TokenSource.KEYRING)
    assert TokenStore(REAL + ":443/", environ={}).find() == FoundToken(TOKEN, TokenSource.KEYRING)


def test_each_host_has_its_own_entry(memory_keyring: MemoryKeyring) -> None:
    real = TokenStore(REAL, environ={})
    simulator = TokenStore(SIMULATOR, environ={})
    real.save(TOKEN)
    simulator.save(OTHER)

    assert real.find() == FoundToken(TOKEN, TokenSource.KEYRING)
    assert simulator.find() == FoundToken(OTHER, TokenSource.KEYRING)
    assert set(memory_keyring.entries) == {
        (SERVICE, "fmc.kyivstar.ua"),
        (SERVICE, "127.0.0.1:8123"),
    }
    assert TokenStore("http://127.0.0.1:9999", environ={}).find() is None


def test_the_session_token_comes_before_the_keyring(memory_keyring: MemoryKeyring) -> None:
    memory_keyring.entries[(SERVICE, "fmc.kyivstar.ua")] = OTHER
    store = TokenStore(REAL, environ={})
    store.set_session_token(TOKEN)

    assert store.find() == FoundToken(TOKEN, TokenSource.SESSION)
    assert memory_keyring.entries[(SERVICE, "fmc.kyivstar.ua")] == OTHER  # never written
    assert TokenStore(REAL, environ={}).find() == FoundToken(OTHER, TokenSource.KEYRING)


def test_saving_replaces_the_session_token() -> None:
    store = TokenStore(REAL, environ={})
    store.set_session_token(OTHER)
    store.save(TOKEN)
    assert store.find() == FoundToken(TOKEN, TokenSource.KEYRING)


def test_a_malformed_saved_token_is_reported(memory_keyring: MemoryKeyring) -> None:
    memory_keyring.entries[(SERVICE, "fmc.kyivstar.ua")] = "not-a-token"
    with pytest.raises(BadTokenShapeError, match="saved in the keyring") as caught:
        TokenStore(REAL, environ={}).find()
    assert "not-a-token" not in str(caught.value)


def test_shapes_are_checked_before_anything_is_kept(memory_keyring: MemoryKeyring) -> None:
    store = TokenStore(REAL, environ={})
    with pytest.raises(BadTokenShapeError):
        store.save(TOKEN[:63])
    with pytest.raises(BadTokenShapeError):
        store.set_session_token("g" * 64)
    assert memory_keyring.entries == {}
    assert store.find() is None


def test_delete(memory_keyring: MemoryKeyring) -> None:
    store = TokenStore(REAL, environ={})
    TokenStore(SIMULATOR, environ={}).save(OTHER)
    store.save(TOKEN)

    assert store.delete() is True
    assert store.find() is None
    assert store.delete() is False
    assert memory_keyring.entries == {(SERVICE, "127.0.0.1:8123"): OTHER}

    store.set_session_token(TOKEN)
    assert store.delete() is True
    assert store.find() is None


def test_the_token_is_not_in_reprs() -> None:
    found = FoundToken(TOKEN, TokenSource.KEYRING)
    store = TokenStore(REAL, environ={"FMC_TOKEN": TOKEN})
    store.set_session_token(TOKEN)

    for text in (repr(found), str(found), repr(store), repr([found]), f"{found}"):
        assert TOKEN not in text
    assert "keyring" in repr(found)


# --- unsafe keyrings -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "make_backend",
    [
        fail.Keyring,
        null.Keyring,
        PlaintextKeyring,
        UnencryptedFileKeyring,
        lambda: _chain(PlaintextKeyring(), FakeSecretService()),
        lambda: _chain(),
    ],
    ids=[
        "fail",
        "null",
        "keyrings.alt",
        "plaintext-by-name",
        "plaintext-first-in-chain",
        "empty-chain",
    ],
)
def test_unsafe_keyrings_are_refused(
    use_backend: object, make_backend: type[KeyringBackend]
) -> None:
    backend = make_backend()
    keyring.set_keyring(backend)
    store = TokenStore(REAL, environ={})

    with pytest.raises(NoSafeKeyringError) as refused:
        check_keyring_safe()
    with pytest.raises(NoSafeKeyringError) as on_save:
        store.save(TOKEN)
    with pytest.raises(NoSafeKeyringError):
        store.find()

    assert refused.value.message.startswith("No secure keyring is available on this system")
    assert "FMC_TOKEN" in refused.value.message
    _assert_no_token(on_save.value)
    for member in [backend, *getattr(backend, "backends", [])]:
        assert TOKEN not in getattr(member, "entries", {}).values()


def test_a_session_token_still_works_without_a_safe_keyring(use_backend: object) -> None:
    keyring.set_keyring(fail.Keyring())
    store = TokenStore(REAL, environ={})
    store.set_session_token(TOKEN)

    assert store.find() == FoundToken(TOKEN, TokenSource.SESSION)
    assert store.delete() is True  # nothing in a missing keyring, but the session one went


def test_safe_keyrings_pass(use_backend: object) -> None:
    check_keyring_safe()  # the in-memory test keyring
    keyring.set_keyring(FakeSecretService())
    check_keyring_safe()
    keyring.set_keyring(_chain(FakeSecretService(), PlaintextKeyring()))
    check_keyring_safe()
    TokenStore(REAL, environ={}).save(TOKEN)


def test_the_locked_keyring_says_so(use_backend: object) -> None:
    keyring.set_keyring(LockedKeyring())
    store = TokenStore(REAL, environ={})

    for action in (store.find, lambda: store.save(TOKEN), store.delete):
        with pytest.raises(NoSafeKeyringError, match="The keyring is locked; unlock it") as caught:
            action()
        _assert_no_token(caught.value)
        assert caught.value.details["locked"] is True


def test_a_keyring_error_quoting_the_token_is_redacted(use_backend: object) -> None:
    keyring.set_keyring(ChattyKeyring())

    with pytest.raises(NoSafeKeyringError) as caught:
        TokenStore(REAL, environ={}).save(TOKEN)

    _assert_no_token(caught.value)
    assert "PasswordSetError" in caught.value.details["reason"]
    assert caught.value.__cause__ is None
    assert caught.value.__suppress_context__


def test_a_hanging_keyring_times_out(hanging_keyring: HangingKeyring) -> None:
    store = TokenStore(REAL, timeout=0.3, environ={})

    for action in (store.find, lambda: store.save(TOKEN), store.delete):
        started = time.monotonic()
        with pytest.raises(KeyringTimeoutError) as caught:
            action()
        assert time.monotonic() - started < 2
        assert caught.value.message == (
            "The keyring did not answer within 0.3 seconds; it may be waiting to be unlocked."
        )
        _assert_no_token(caught.value)


# --- names ---------------------------------------------------------------------------------------


def test_backend_names(use_backend: object) -> None:
    store = TokenStore(REAL, environ={})

    keyring.set_keyring(FakeSecretService())
    assert store.backend_name() == "Secret Service"
    keyring.set_keyring(fail.Keyring())
    assert store.backend_name() == "no keyring"
    keyring.set_keyring(_chain(FakeSecretService(), PlaintextKeyring()))
    assert store.backend_name() == "Secret Service, then file PlaintextKeyring"


def test_a_url_without_a_host_is_refused() -> None:
    with pytest.raises(ValueError, match="no host"):
        TokenStore("https://", environ={})


def test_a_token_shape_ends_at_its_last_digit_not_at_a_line_break() -> None:
    from fmc_desktop.core.api.token import TOKEN_RE

    # `$` matches before a final line break; a pasted token with one must not count as clean.
    assert TOKEN_RE.match("a" * 64)
    assert not TOKEN_RE.match("a" * 64 + "\n")
