"""Settings come from the environment; every bad one is reported by its variable name."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.app_settings import LogLevel, SettingsError, load_settings
from tests.fakegithub import generate_private_key

PEM = generate_private_key()
DAMAGED_PEM = "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n"


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "GITHUB_APP_ID",
        "GITHUB_PRIVATE_KEY",
        "GITHUB_PRIVATE_KEY_PATH",
        "GITHUB_WEBHOOK_SECRET",
        "GITHUB_TOKEN",
        "GITHUB_API_URL",
        "REDIS_URL",
        "PORT",
        "LOG_LEVEL",
        "DATA_DIR",
        "WORKER_THREADS",
        "DOCUMENT_CACHE_MB",
    ):
        monkeypatch.delenv(name, raising=False)


def test_reads_the_documented_variables(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("GITHUB_APP_ID", "360617")
    monkeypatch.setenv("GITHUB_PRIVATE_KEY", PEM)
    monkeypatch.setenv("GITHUB_WEBHOOK_SECRET", "s3cret")
    monkeypatch.setenv("GITHUB_API_URL", "http://127.0.0.1:9/api/v3/")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    monkeypatch.setenv("PORT", "5000")
    monkeypatch.setenv("LOG_LEVEL", "debug")
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    settings = load_settings()
    assert (settings.github_app_id, settings.private_key, settings.webhook_secret) == (360617, PEM, b"s3cret")
    assert settings.github_api_url == "http://127.0.0.1:9/api/v3"
    assert (settings.redis_url, settings.port, settings.log_level, settings.data_dir) == (
        "redis://127.0.0.1:6379/0",
        5000,
        LogLevel.DEBUG,
        tmp_path,
    )


def test_defaults_with_a_single_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_example")
    settings = load_settings()
    assert (settings.github_api_url, settings.redis_url, settings.port, settings.log_level) == (
        "https://api.github.com",
        None,
        8000,
        LogLevel.INFO,
    )
    assert settings.secret_values() == ["ghp_example"]


def test_the_workers_document_cache_is_sized_by_its_variable(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from bot import jobs

    assert load_settings(github_token="t").document_cache_mb == 384
    monkeypatch.setenv("DOCUMENT_CACHE_MB", "768")
    settings = load_settings(github_token="t", github_webhook_secret="s", data_dir=tmp_path)
    assert jobs.Queue(settings).documents.budget == 768 * 2**20
    monkeypatch.setenv("DOCUMENT_CACHE_MB", "-1")
    with pytest.raises(SettingsError, match="DOCUMENT_CACHE_MB"):
        load_settings(github_token="t")


def test_the_key_may_come_from_a_file_or_a_one_line_variable(tmp_path: Path) -> None:
    key_file = tmp_path / "app.pem"
    key_file.write_text(PEM, encoding="utf-8")
    assert load_settings(github_app_id=1, github_private_key_path=key_file).private_key == PEM
    one_line = PEM.replace("\n", "\\n")
    assert load_settings(github_app_id=1, github_private_key=one_line).private_key == PEM


@pytest.mark.parametrize(
    ("environment", "message"),
    [
        (
            {},
            "set GITHUB_APP_ID with GITHUB_PRIVATE_KEY or GITHUB_PRIVATE_KEY_PATH (a GitHub App), "
            "or GITHUB_TOKEN (one repository)",
        ),
        (
            {"GITHUB_APP_ID": "1"},
            "set GITHUB_APP_ID with GITHUB_PRIVATE_KEY or GITHUB_PRIVATE_KEY_PATH (a GitHub App), "
            "or GITHUB_TOKEN (one repository)",
        ),
        (
            {"GITHUB_TOKEN": "t", "PORT": "http"},
            "PORT: Input should be a valid integer, unable to parse string as an integer",
        ),
        (
            {"GITHUB_TOKEN": "t", "LOG_LEVEL": "loud"},
            "LOG_LEVEL: Input should be 'DEBUG', 'INFO', 'WARNING' or 'ERROR'",
        ),
        (
            {"GITHUB_TOKEN": "t", "GITHUB_API_URL": "api.github.com"},
            "GITHUB_API_URL: must start with https:// (or http:// for a local test server)",
        ),
        (
            {"GITHUB_TOKEN": "t", "REDIS_URL": "localhost:6379"},
            "REDIS_URL: must start with redis://, rediss:// or unix://",
        ),
        (
            {"GITHUB_APP_ID": "x", "GITHUB_PRIVATE_KEY": PEM},
            "GITHUB_APP_ID: Input should be a valid integer, unable to parse string as an integer",
        ),
        (
            {"GITHUB_APP_ID": "1", "GITHUB_PRIVATE_KEY": "ghp_not_a_key"},
            "GITHUB_PRIVATE_KEY: is not a PEM private key (it should start with -----BEGIN)",
        ),
        (
            {"GITHUB_APP_ID": "1", "GITHUB_PRIVATE_KEY_PATH": "/nonexistent/app.pem"},
            "GITHUB_PRIVATE_KEY_PATH: cannot read /nonexistent/app.pem (No such file or directory)",
        ),
    ],
)
def test_bad_settings_are_named(monkeypatch: pytest.MonkeyPatch, environment: dict[str, str], message: str) -> None:
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as raised:
        load_settings()
    assert str(raised.value) == message


@pytest.mark.parametrize("damaged", [DAMAGED_PEM, PEM[:200] + PEM[-40:], PEM.replace("A", "B")])
def test_a_damaged_private_key_is_refused_at_start_with_what_to_do(damaged: str) -> None:
    with pytest.raises(SettingsError) as raised:
        load_settings(github_app_id=1, github_private_key=damaged)
    message = str(raised.value)
    assert message.startswith("GITHUB_PRIVATE_KEY: this private key cannot sign the App's tokens (")
    assert message.endswith(". Generate a new one on the App's settings page and paste the whole .pem file")
    assert damaged.splitlines()[1] not in message  # never the key itself


def test_a_missing_webhook_secret_is_named_when_asked_for() -> None:
    settings = load_settings(github_token="t")
    with pytest.raises(SettingsError, match="^GITHUB_WEBHOOK_SECRET is not set"):
        _ = settings.webhook_secret


def test_secrets_do_not_show_in_the_settings_repr() -> None:
    settings = load_settings(github_token="ghp_token_value", github_webhook_secret="hook-secret")
    assert "ghp_token_value" not in repr(settings) and "hook-secret" not in repr(settings)
