"""Settings, read once: `LANKA_*` environment variables or a `.env` file; CLI options win."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from loaders.errors import SettingsError
from ontology.namespaces import DEFAULT_BASE_IRI

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATASET = PROJECT_ROOT / "data" / "kainuu"
MIN_TOKEN_LENGTH = 16


def _default_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="LANKA_", env_file=".env", extra="ignore")

    store: Path = Field(Path("var/store"), description="folder of the on-disk Oxigraph store")
    host: str = Field("127.0.0.1", description="address the server listens on")
    port: int = Field(8000, ge=1, le=65535, description="port the server listens on")
    access_log: bool = Field(
        False, description="log every request on stderr (uvicorn's access log; costs speed)"
    )
    base_iri: str = Field(DEFAULT_BASE_IRI, description="base of every minted IRI")
    dataset: Path = Field(DEFAULT_DATASET, description="the default dataset folder")
    area: str = Field("kainuu", description="area (county) of a table source given alone")
    update_token: SecretStr | None = Field(
        None, description="bearer token that SPARQL Update and Graph Store writes must carry"
    )
    writable: bool | None = Field(
        None,
        description="true: writes wanted (start-up fails without a token); false: read-only "
        "even with a token; unset: writes exactly when a token is set",
    )
    query_timeout: float = Field(30.0, gt=0, description="seconds a query may run")
    query_workers: int = Field(
        default_factory=_default_workers, ge=1, description="query worker processes"
    )
    result_cache_mb: int = Field(
        64, ge=0, description="memory for answers kept for repeated queries (MB); 0: none"
    )
    max_request_bytes: int = Field(32 * 2**20, ge=1024, description="largest request body")
    max_result_rows: int = Field(100_000, ge=1, description="most rows (or triples) a result has")
    max_result_bytes: int = Field(256 * 2**20, ge=1024, description="largest serialised result")
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="origins allowed by CORS, comma-separated; none: off"
    )
    fetch_allow: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="IRIs SERVICE and LOAD may reach, comma-separated; an entry ending in / "
        "allows everything under it; none: all refused",
    )

    store_kind: Literal["embedded", "remote"] | None = Field(
        None,
        description="embedded (Oxigraph in this process) or remote (a SPARQL 1.1 server); "
        "unset: remote exactly when LANKA_REMOTE_QUERY_URL is set",
    )
    remote_query_url: str | None = Field(None, description="query endpoint of a remote store")
    remote_update_url: str | None = Field(
        None, description="update endpoint of the remote store; unset: the query endpoint"
    )
    remote_store_url: str | None = Field(
        None,
        description="Graph Store Protocol endpoint of the remote store, used to stage loads; "
        "unset: SPARQL Update",
    )
    remote_dialect: Literal["standard", "virtuoso"] = Field(
        "standard", description="how the remote server reads the protocols: standard or virtuoso"
    )
    remote_user: str | None = Field(None, description="user name at the remote store")
    remote_password: SecretStr | None = Field(None, description="password at the remote store")
    remote_auth: Literal["basic", "digest"] = Field(
        "basic", description="HTTP authentication scheme of the user and password"
    )
    remote_token: SecretStr | None = Field(
        None, description="bearer token for the remote store (instead of user and password)"
    )

    @field_validator("cors_origins", "fetch_allow", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @property
    def remote(self) -> bool:
        """Is the store a remote SPARQL 1.1 server?"""
        if self.store_kind is None:
            return self.remote_query_url is not None
        return self.store_kind == "remote"

    @property
    def writes_enabled(self) -> bool:
        return self.update_token is not None and self.writable is not False

    def check(self) -> Settings:
        """Refuse combinations that cannot work, at start-up rather than mid-request."""
        if not self.base_iri.endswith(("/", "#")):
            raise SettingsError(
                "LANKA_BASE_IRI:n pitää päättyä merkkiin / tai #",
                "LANKA_BASE_IRI must end with / or #",
            )
        if self.writable and self.update_token is None:
            raise SettingsError(
                "LANKA_WRITABLE vaatii LANKA_UPDATE_TOKEN-asetuksen: kirjoitus ilman "
                "tunnistetta ei ole sallittu",
                "LANKA_WRITABLE needs LANKA_UPDATE_TOKEN: writes without a token are refused",
            )
        token = self.update_token.get_secret_value() if self.update_token else None
        if token is not None and len(token) < MIN_TOKEN_LENGTH:
            raise SettingsError(
                f"LANKA_UPDATE_TOKEN on liian lyhyt (vähintään {MIN_TOKEN_LENGTH} merkkiä)",
                f"LANKA_UPDATE_TOKEN is too short (at least {MIN_TOKEN_LENGTH} characters)",
            )
        self._check_remote()
        if "*" in self.cors_origins and self.writes_enabled:
            raise SettingsError(
                "LANKA_CORS_ORIGINS=* ei käy, kun kirjoitus on sallittu: nimeä alkuperät",
                "LANKA_CORS_ORIGINS=* is refused while writes are enabled: name the origins",
            )
        return self

    def _check_remote(self) -> None:
        if self.remote and not self.remote_query_url:
            raise SettingsError(
                "LANKA_STORE_KIND=remote vaatii LANKA_REMOTE_QUERY_URL-asetuksen",
                "LANKA_STORE_KIND=remote needs LANKA_REMOTE_QUERY_URL",
            )
        for name in ("remote_query_url", "remote_update_url", "remote_store_url"):
            url = getattr(self, name)
            if url is not None and not url.startswith(("http://", "https://")):
                raise SettingsError(
                    f"LANKA_{name.upper()} ei ole http(s)-osoite: {url}",
                    f"LANKA_{name.upper()} is not an http(s) URL: {url}",
                )
        if (self.remote_user is None) != (self.remote_password is None):
            raise SettingsError(
                "anna sekä LANKA_REMOTE_USER että LANKA_REMOTE_PASSWORD, tai ei kumpaakaan",
                "give both LANKA_REMOTE_USER and LANKA_REMOTE_PASSWORD, or neither",
            )
        if self.remote_user is not None and self.remote_token is not None:
            raise SettingsError(
                "anna joko LANKA_REMOTE_USER ja LANKA_REMOTE_PASSWORD tai LANKA_REMOTE_TOKEN",
                "give either LANKA_REMOTE_USER and LANKA_REMOTE_PASSWORD or LANKA_REMOTE_TOKEN",
            )
        if self.remote_dialect == "virtuoso" and self.remote_store_url is not None:
            raise SettingsError(
                "Virtuosoa käytetään SPARQL Updatella, ei sen Graph Store -osoitteella: poista "
                "LANKA_REMOTE_STORE_URL",
                "Virtuoso is written with SPARQL Update, not through its Graph Store endpoint: "
                "unset LANKA_REMOTE_STORE_URL",
            )


@cache
def get_settings() -> Settings:
    return Settings().check()
