"""The app's settings, read from the environment once at start-up; a bad one is reported by its variable name."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from scholarly.settings import SourceSettings

NO_CREDENTIALS = (
    "set GITHUB_APP_ID with GITHUB_PRIVATE_KEY or GITHUB_PRIVATE_KEY_PATH (a GitHub App), "
    "or GITHUB_TOKEN (one repository)"
)
NO_WEBHOOK_SECRET = (
    "GITHUB_WEBHOOK_SECRET is not set: the server and the worker refuse to start without it, because "
    "unsigned deliveries could be forged and the worker signs what it remembers with it. Use the secret "
    "you entered when registering the GitHub App."
)
NO_SHARED_QUEUE = (
    "REDIS_URL is not set: the {role} runs as a process of its own, and without Redis the queue is a SQLite "
    "file in DATA_DIR that only processes on one machine, on one disk, share — on separate machines (or a "
    "platform that gives each process its own disk) deliveries would never reach a worker. Set REDIS_URL to "
    "a Redis server every web and worker process reaches; or, when they do run on one machine with one "
    "DATA_DIR, set PAPER_TRIAGE_SINGLE_MACHINE=1 (or run `paper-triage serve`: web and worker in one process)."
)
UNREADABLE_KEY = "GITHUB_PRIVATE_KEY_PATH: cannot read {path} ({reason})"
# The file `paper-triage register` writes; the processes a user starts read it (the environment wins).
ENV_FILE = Path(".env")
NOT_A_PEM_KEY = "{name}: is not a PEM private key (it should start with -----BEGIN)"
UNUSABLE_KEY = (
    "{name}: this private key cannot sign the App's tokens ({reason}). Generate a new one on the App's "
    "settings page and paste the whole .pem file"
)


# A worker holds what it keeps plus what each running job works on (a cold review of a fixable row of a
# 100k-entry list: about 1.15 GB at its peak), so the share it keeps is small: 384 MB holds lists of a few
# tens of thousands of entries for their next review; 768 holds one of 100k (its next review about 1 s of
# CPU instead of 20) on a machine with room for it.
DOCUMENT_CACHE_MB = 384


class SettingsError(Exception):
    """The environment cannot be used; the message names every bad variable and says what to set."""


class LogLevel(StrEnum):
    DEBUG = "DEBUG"
    INFO = "INFO"
    WARNING = "WARNING"
    ERROR = "ERROR"


class Settings(BaseSettings):
    """Every setting the web server and the worker read. Field names are the variable names, lower-cased."""

    model_config = SettingsConfigDict(case_sensitive=False, extra="ignore", frozen=True)

    github_app_id: int | None = Field(None, description="the App's id, from its settings page")
    github_private_key: SecretStr | None = Field(None, description="the App's private key, PEM text")
    github_private_key_path: Path | None = Field(None, description="or a file holding that key")
    github_webhook_secret: SecretStr | None = Field(None, description="the webhook secret entered at registration")
    github_token: SecretStr | None = Field(None, description="instead of an App: a token for one repository")
    github_api_url: str = Field("https://api.github.com", description="GitHub Enterprise: https://HOST/api/v3")
    redis_url: str | None = Field(None, description="share one queue between machines; unset: SQLite in DATA_DIR")
    port: int = Field(8000, ge=1, le=65535, description="the port the web server listens on")
    log_level: LogLevel = Field(LogLevel.INFO, description="DEBUG, INFO, WARNING or ERROR")
    data_dir: Path = Field(Path("data"), description="where the embedded queue keeps its SQLite files")
    worker_threads: int = Field(2, ge=1, le=64, description="jobs one worker process runs at once")
    document_cache_mb: int = Field(
        DOCUMENT_CACHE_MB,
        ge=0,
        description="megabytes of parsed lists a worker keeps for its next jobs (a 100k-entry list takes about 550)",
    )
    paper_triage_single_machine: bool = Field(
        False, description="web and worker processes run on one machine and share DATA_DIR's SQLite queue"
    )

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_case_level(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator("github_api_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("https://", "http://")):
            raise ValueError("must start with https:// (or http:// for a local test server)")
        return value.rstrip("/")

    @field_validator("redis_url")
    @classmethod
    def _redis_scheme(cls, value: str | None) -> str | None:
        if value and not value.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("must start with redis://, rediss:// or unix://")
        return value or None

    @model_validator(mode="after")
    def _one_way_to_authenticate(self) -> Settings:
        has_key = self.github_private_key is not None or self.github_private_key_path is not None
        if self.github_token is None and not (self.github_app_id is not None and has_key):
            raise ValueError(NO_CREDENTIALS)
        return self

    @property
    def private_key(self) -> str | None:
        """The App's PEM key text, from GITHUB_PRIVATE_KEY or the file GITHUB_PRIVATE_KEY_PATH names."""
        if self.github_private_key is not None:
            text = self.github_private_key.get_secret_value()
            # Some platforms only take one-line variables, so a key pasted with literal "\n" is accepted.
            return text.replace("\\n", "\n") if "\n" not in text else text
        if self.github_private_key_path is not None:
            return self.github_private_key_path.read_text(encoding="utf-8")
        return None

    @property
    def webhook_secret(self) -> bytes:
        """The webhook secret as HMAC key bytes; SettingsError when it is not set."""
        if self.github_webhook_secret is None or not self.github_webhook_secret.get_secret_value():
            raise SettingsError(NO_WEBHOOK_SECRET)
        return self.github_webhook_secret.get_secret_value().encode("utf-8")

    def require_shared_queue(self, role: str) -> None:
        """Refuse to run ``role`` as a process of its own on a queue other processes may not see:
        SettingsError unless REDIS_URL is set or PAPER_TRIAGE_SINGLE_MACHINE says one machine runs all."""
        if self.redis_url is None and not self.paper_triage_single_machine:
            raise SettingsError(NO_SHARED_QUEUE.format(role=role))

    def secret_values(self) -> list[str]:
        """Every secret this process knows, for scrubbing logs."""
        secrets = [self.github_webhook_secret, self.github_token, self.github_private_key]
        values = [secret.get_secret_value() for secret in secrets if secret is not None]
        return [value for value in values if value]


def load_settings(env_file: Path | None = None, **overrides: Any) -> Settings:
    """Settings from the environment, then ``env_file`` when given and present (``overrides`` win);
    SettingsError names each bad variable."""
    try:
        settings = Settings(_env_file=env_file, **overrides)
        SourceSettings(
            _env_file=env_file
        )  # the record sources' settings: a bad one stops the process now, not a review later
    except ValidationError as error:
        raise SettingsError(describe(error)) from None
    _check_private_key(settings)
    return settings


def describe(error: ValidationError) -> str:
    """One line per problem: ``VARIABLE: what is wrong``."""
    lines = []
    for issue in error.errors():
        names = [str(part).upper() for part in issue["loc"] if isinstance(part, str)]
        message = issue["msg"].removeprefix("Value error, ")
        lines.append(f"{names[0]}: {message}" if names else message)
    return "; ".join(lines)


def _check_private_key(settings: Settings) -> None:
    if settings.github_token is not None or settings.github_app_id is None:
        return
    name = "GITHUB_PRIVATE_KEY" if settings.github_private_key is not None else "GITHUB_PRIVATE_KEY_PATH"
    try:
        text = settings.private_key or ""
    except OSError as error:
        raise SettingsError(
            UNREADABLE_KEY.format(path=settings.github_private_key_path, reason=error.strerror)
        ) from None
    if not text.lstrip().startswith("-----BEGIN"):
        raise SettingsError(NOT_A_PEM_KEY.format(name=name))
    from bot.gateway import key_problem  # PyGithub loads only for the commands that use an App

    problem = key_problem(text)
    if problem is not None:
        raise SettingsError(UNUSABLE_KEY.format(name=name, reason=problem))
