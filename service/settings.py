"""Settings, read once: `LANKA_*` environment variables or a `.env` file; CLI options win."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Annotated

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

    @field_validator("cors_origins", "fetch_allow", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

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
        if "*" in self.cors_origins and self.writes_enabled:
            raise SettingsError(
                "LANKA_CORS_ORIGINS=* ei käy, kun kirjoitus on sallittu: nimeä alkuperät",
                "LANKA_CORS_ORIGINS=* is refused while writes are enabled: name the origins",
            )
        return self


@cache
def get_settings() -> Settings:
    return Settings().check()
