"""Where the sources are and how fast they may be asked: read from the environment, public hosts by default."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# Seconds between two requests to one source, from each source's published guidance: arXiv asks for one
# call every three seconds; Crossref's public pool allows several a second; DBLP and OpenReview publish
# no figure and answer 429 when pushed (one a second is polite); Semantic Scholar's keys allow one a second.
INTERVALS = {"arxiv": 3.0, "crossref": 0.2, "dblp": 1.0, "openreview": 0.5, "s2": 1.0}


class SourceSettings(BaseSettings):
    """Settings of the record lookups. Field names are the variable names, lower-cased."""

    model_config = SettingsConfigDict(case_sensitive=False, extra="ignore", frozen=True, populate_by_name=True)

    enabled: bool = Field(
        True,
        alias="PAPER_TRIAGE_METADATA",
        description="look records up at all (0: never, for every repository of this installation)",
    )
    arxiv_url: str = Field("https://export.arxiv.org", alias="PAPER_TRIAGE_ARXIV_URL")
    crossref_url: str = Field("https://api.crossref.org", alias="PAPER_TRIAGE_CROSSREF_URL")
    dblp_url: str = Field("https://dblp.org", alias="PAPER_TRIAGE_DBLP_URL")
    openreview_url: str = Field("https://api2.openreview.net", alias="PAPER_TRIAGE_OPENREVIEW_URL")
    s2_url: str = Field("https://api.semanticscholar.org", alias="PAPER_TRIAGE_S2_URL")
    s2_key: SecretStr | None = Field(None, alias="PAPER_TRIAGE_S2_KEY")
    contact_email: str = Field("", alias="PAPER_TRIAGE_CONTACT_EMAIL", description="Crossref's mailto")
    redis_url: str | None = Field(None, alias="REDIS_URL")
    data_dir: Path = Field(Path("data"), alias="DATA_DIR")
    timeout: float = Field(10.0, gt=0, alias="PAPER_TRIAGE_LOOKUP_TIMEOUT", description="seconds per request")
    budget: float = Field(
        60.0,
        gt=0,
        alias="PAPER_TRIAGE_LOOKUP_BUDGET",
        description="seconds one lookup run may take; what is left is unverified",
    )
    max_wait: float = Field(
        30.0,
        ge=0,
        alias="PAPER_TRIAGE_MAX_RETRY_AFTER",
        description="the longest Retry-After honoured by waiting; longer: the source is down",
    )
    concurrency: int = Field(4, ge=1, le=32, alias="PAPER_TRIAGE_LOOKUP_THREADS")
    intervals: dict[str, float] = Field(default_factory=lambda: dict(INTERVALS), alias="PAPER_TRIAGE_INTERVALS")

    @field_validator("arxiv_url", "crossref_url", "dblp_url", "openreview_url", "s2_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("https://", "http://")):
            raise ValueError("must start with https:// (or http:// for a local test server)")
        return value.rstrip("/")

    @field_validator("intervals")
    @classmethod
    def _every_source(cls, value: dict[str, float]) -> dict[str, float]:
        return {**INTERVALS, **value}

    def base(self, source: str) -> str:
        return getattr(self, f"{source}_url")
