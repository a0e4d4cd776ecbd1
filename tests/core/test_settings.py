"""Settings: round trip, atomic write, corrupt files kept, migrations, no secrets, precedence."""

from __future__ import annotations

import json
import os
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest

from fmc_desktop.core.api.clock import ManualClock
from fmc_desktop.core.api.errors import InsecureUrlError, InvalidInputError, SettingsError
from fmc_desktop.core.system.paths import AppPaths
from fmc_desktop.core.system.settings import (
    SCHEMA_VERSION,
    Settings,
    SettingsStore,
    check_base_url,
    parse_bool,
    resolve_base_url,
    resolve_value,
)

TOKEN = "868b26d121e50f3b9e715bd86e77f2d6dbef354e7a9bcdb0aae0a0868a32e4a1"


@pytest.fixture
def store() -> SettingsStore:
    return SettingsStore(AppPaths.resolve().ensure().settings_file)


def _files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_missing_file_gives_defaults(store: SettingsStore) -> None:
    assert store.load() == Settings()
    assert not store.path.exists()


def test_round_trip_keeps_every_value(store: SettingsStore) -> None:
    settings = Settings(
        base_url="http://127.0.0.1:8123",
        own_numbers=["0671234567", "+380441111111"],
        call_as="0671234567",
        company_numbers=["0670000001"],
        fetch_names=False,
        fetch_departments=False,
        fetch_ownership=True,
        sync_interval_minutes=15,
        confirm_before_dial=False,
        start_minimised=True,
        start_at_login=True,
        language="uk",
        theme="dark",
        time_zone="local",
        proxy_mode="manual",
        proxy_url="http://proxy.example:3128",
        ui_state={"geometry": "AdnQywADAAA=", "columns": [120, 80], "filter": "Олена"},
    )
    store.save(settings)

    assert store.load() == settings
    text = store.path.read_text("utf-8")
    assert "Олена" in text  # readable, not \u-escaped
    data = json.loads(text)
    assert list(data) == sorted(data)
    assert data["schema_version"] == SCHEMA_VERSION
    assert text.startswith('{\n  "base_url"')


def test_save_is_atomic_and_leaves_no_temp_files(store: SettingsStore) -> None:
    store.save(Settings(own_numbers=["0671234567"]))
    store.save(Settings(own_numbers=["0671234568"]))

    assert _files_in(store.path.parent) == ["settings.json"]
    assert store.load().own_numbers == ["0671234568"]
    if os.name == "posix":
        assert stat.S_IMODE(store.path.stat().st_mode) == 0o600


def test_a_refused_save_leaves_the_old_file_and_no_temp_file(store: SettingsStore) -> None:
    store.save(Settings(theme="dark"))
    before = store.path.read_bytes()

    with pytest.raises(ValueError, match="language"):
        store.save(Settings(language="fr"))

    assert store.path.read_bytes() == before
    assert _files_in(store.path.parent) == ["settings.json"]


def test_corrupt_json_is_kept_aside_and_reported(store: SettingsStore) -> None:
    clock = ManualClock(datetime(2026, 11, 20, 8, 0, 5, tzinfo=UTC))
    store = SettingsStore(store.path, clock=clock)
    store.path.write_text('{"language": "uk",', "utf-8")
    stamp = clock.now().astimezone().strftime("%Y%m%d-%H%M%S")

    with pytest.raises(SettingsError) as caught:
        store.load()

    aside = store.path.with_name(f"settings.json.corrupt-{stamp}")
    assert aside.read_text("utf-8") == '{"language": "uk",'
    assert not store.path.exists()
    assert str(aside) in caught.value.message
    assert "not valid JSON" in caught.value.message
    assert caught.value.details["kept_as"] == str(aside)
    # The caller goes on with defaults; the next load starts clean.
    assert store.load() == Settings()

    # A second broken file in the same second does not overwrite the first one kept.
    store.path.write_text("[]", "utf-8")
    with pytest.raises(SettingsError, match="JSON object"):
        store.load()
    assert aside.read_text("utf-8") == '{"language": "uk",'
    assert store.path.with_name(f"settings.json.corrupt-{stamp}-2").read_text("utf-8") == "[]"


@pytest.mark.parametrize(
    ("content", "complaint"),
    [
        ({"schema_version": 1, "fetch_names": "yes"}, '"fetch_names" must be true or false'),
        ({"schema_version": 1, "own_numbers": "0671234567"}, '"own_numbers" must be a list'),
        ({"schema_version": 1, "sync_interval_minutes": True}, '"sync_interval_minutes"'),
        ({"schema_version": 1, "sync_interval_minutes": 0}, '"sync_interval_minutes"'),
        ({"schema_version": 1, "language": "fr"}, '"language" must be one of system, uk, en'),
        ({"schema_version": "1"}, "schema_version"),
        ({"schema_version": 1, "ui_state": []}, '"ui_state" must be an object'),
    ],
)
def test_wrong_types_are_corrupt_too(
    store: SettingsStore, content: dict[str, object], complaint: str
) -> None:
    store.path.write_text(json.dumps(content), "utf-8")

    with pytest.raises(SettingsError, match=complaint) as caught:
        store.load()

    assert Path(caught.value.details["kept_as"]).exists()
    assert not store.path.exists()


def test_bytes_that_are_not_utf8_are_corrupt(store: SettingsStore) -> None:
    store.path.write_bytes(b'{"theme": "\xff"}')
    with pytest.raises(SettingsError, match="not UTF-8"):
        store.load()


def test_a_bom_from_an_editor_is_accepted(store: SettingsStore) -> None:
    store.path.write_bytes(b'\xef\xbb\xbf{"schema_version": 1, "theme": "dark"}')
    assert store.load().theme == "dark"


def test_version_0_file_is_migrated(store: SettingsStore) -> None:
    store.path.write_text(
        json.dumps({"own_number": "0671234567", "token_store": "keyring", "language": "uk"}),
        "utf-8",
    )

    settings = store.load()

    assert settings.schema_version == SCHEMA_VERSION
    assert settings.own_numbers == ["+380671234567"]  # and read again by version 2
    assert settings.language == "uk"
    assert settings.extra == {}  # own_number and token_store are gone, not carried as unknown keys
    store.save(settings)
    data = json.loads(store.path.read_text("utf-8"))
    assert data["schema_version"] == SCHEMA_VERSION
    assert "own_number" not in data
    assert "token_store" not in data


def test_version_0_without_a_number_migrates_to_an_empty_list(store: SettingsStore) -> None:
    store.path.write_text(json.dumps({"schema_version": 0, "own_number": ""}), "utf-8")
    assert store.load().own_numbers == []


def test_a_failed_migration_is_corrupt(store: SettingsStore) -> None:
    store.path.write_text(json.dumps({"schema_version": 0, "own_number": 671234567}), "utf-8")
    with pytest.raises(SettingsError, match="migrated from version 0"):
        store.load()


def test_unknown_keys_survive_a_save(store: SettingsStore) -> None:
    store.path.write_text(
        json.dumps({"schema_version": 1, "theme": "dark", "future_switch": {"on": True}}), "utf-8"
    )

    settings = store.load()
    assert settings.extra == {"future_switch": {"on": True}}
    settings.theme = "light"
    store.save(settings)

    data = json.loads(store.path.read_text("utf-8"))
    assert data["future_switch"] == {"on": True}
    assert data["theme"] == "light"
    assert "extra" not in data


def test_a_newer_files_version_is_kept(store: SettingsStore) -> None:
    store.path.write_text(json.dumps({"schema_version": 7, "new_thing": 1}), "utf-8")

    settings = store.load()
    store.save(settings)

    assert json.loads(store.path.read_text("utf-8"))["schema_version"] == 7


@pytest.mark.parametrize(
    "settings",
    [
        Settings(ui_state={"search": TOKEN}),
        Settings(ui_state={"recent": [{"url": f"https://x/?token={TOKEN[:10]}"}]}),
        Settings(proxy_url="http://user:hunter2@proxy.example:3128"),
        Settings(own_numbers=["0671234567", TOKEN.upper()]),
        Settings(extra={"token": TOKEN}),
        Settings(ui_state={TOKEN: 1}),
    ],
)
def test_anything_secret_is_refused(store: SettingsStore, settings: Settings) -> None:
    with pytest.raises(ValueError, match="looks like a token or a password") as caught:
        store.save(settings)

    assert TOKEN not in str(caught.value)
    assert TOKEN.upper() not in str(caught.value)
    assert "hunter2" not in str(caught.value)
    assert not store.path.parent.exists() or _files_in(store.path.parent) == []


def test_a_proxy_without_a_password_is_fine(store: SettingsStore) -> None:
    store.save(Settings(proxy_mode="manual", proxy_url="http://user@proxy.example:3128"))
    assert store.load().proxy_url == "http://user@proxy.example:3128"


def test_save_creates_the_folder(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "new" / "settings.json")
    store.save(Settings())
    assert store.load() == Settings()


# --- precedence ----------------------------------------------------------------------------------


def test_flag_beats_environment_beats_settings_beats_default() -> None:
    env = {"FMC_SYNC_MINUTES": "30"}
    from_file = Settings(sync_interval_minutes=10)
    default = Settings()

    assert resolve_value(2, "FMC_SYNC_MINUTES", from_file.sync_interval_minutes, environ=env) == 2
    assert (
        resolve_value(
            None, "FMC_SYNC_MINUTES", from_file.sync_interval_minutes, environ=env, parse=int
        )
        == 30
    )
    assert (
        resolve_value(None, "FMC_SYNC_MINUTES", from_file.sync_interval_minutes, environ={}) == 10
    )
    assert resolve_value(None, "FMC_SYNC_MINUTES", default.sync_interval_minutes, environ={}) == 5


def test_an_empty_environment_variable_counts_as_unset() -> None:
    assert resolve_value(None, "FMC_X", "file", environ={"FMC_X": "  "}) == "file"


def test_a_false_flag_still_wins() -> None:
    assert (
        resolve_value(False, "FMC_NAMES", True, environ={"FMC_NAMES": "on"}, parse=parse_bool)
        is False
    )
    assert resolve_value(None, "FMC_NAMES", False, environ={"FMC_NAMES": "on"}, parse=parse_bool)


def test_an_unreadable_environment_value_is_named_not_quoted() -> None:
    with pytest.raises(InvalidInputError, match="FMC_SYNC_MINUTES") as caught:
        resolve_value(None, "FMC_SYNC_MINUTES", 5, environ={"FMC_SYNC_MINUTES": TOKEN}, parse=int)
    assert TOKEN not in str(caught.value)


def test_the_process_environment_is_used_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FMC_BASE_URL", "http://localhost:9000/")
    assert resolve_base_url(None, Settings()) == "http://localhost:9000"


def test_base_url_precedence() -> None:
    settings = Settings(base_url="https://file.example")
    env = {"FMC_BASE_URL": "https://env.example"}

    assert resolve_base_url("https://flag.example/", settings, env) == "https://flag.example"
    assert resolve_base_url(None, settings, env) == "https://env.example"
    assert resolve_base_url(None, settings, {}) == "https://file.example"
    assert resolve_base_url(None, Settings(), {}) == "https://fmc.kyivstar.ua"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("https://fmc.kyivstar.ua", "https://fmc.kyivstar.ua"),
        ("HTTPS://FMC.Kyivstar.UA/", "https://fmc.kyivstar.ua"),
        ("  https://example.com/fmc/ ", "https://example.com/fmc"),
        ("http://127.0.0.1:8123", "http://127.0.0.1:8123"),
        ("http://127.5.6.7", "http://127.5.6.7"),
        ("http://localhost:8080/", "http://localhost:8080"),
        ("http://[::1]:8080", "http://[::1]:8080"),
    ],
)
def test_check_base_url_accepts_and_normalises(given: str, expected: str) -> None:
    assert check_base_url(given) == expected


@pytest.mark.parametrize(
    "given",
    [
        "http://fmc.kyivstar.ua",
        "http://192.168.1.10:8080",
        "http://localhost.evil.example",
        "ftp://fmc.kyivstar.ua",
        "fmc.kyivstar.ua",
        "https://",
        "",
        "https://user:pass@fmc.kyivstar.ua",
        "https://user@fmc.kyivstar.ua",
        f"https://fmc.kyivstar.ua/?token={TOKEN}",
        "https://fmc.kyivstar.ua/#x",
        "https://fmc.kyivstar.ua/?",
        "https://fmc.kyivstar.ua:99999",
        "https://fmc.kyiv star.ua",
        "https://fmc.kyivstar.ua\\@evil.example",
    ],
)
def test_check_base_url_refuses(given: str) -> None:
    with pytest.raises(InsecureUrlError) as caught:
        check_base_url(given)
    assert TOKEN not in str(caught.value)
    assert "pass" not in str(caught.value).replace("password", "")


def test_a_parsers_own_hint_is_kept_when_it_does_not_quote_the_value() -> None:
    with pytest.raises(InvalidInputError, match="expected one of 1, true"):
        resolve_value(None, "FMC_NAMES", True, environ={"FMC_NAMES": "maybe"}, parse=parse_bool)
