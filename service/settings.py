"""Settings, read once: `LANKA_*` environment variables or a `.env` file; CLI options win."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from loaders.errors import SettingsError
from ontology.namespaces import DEFAULT_BASE_IRI

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATASET = PROJECT_ROOT / "data" / "kainuu"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="LANKA_", env_file=".env", extra="ignore")

    store: Path = Field(Path("var/store"), description="folder of the on-disk Oxigraph store")
    host: str = Field("127.0.0.1", description="address the server listens on")
    port: int = Field(8000, ge=1, le=65535, description="port the server listens on")
    base_iri: str = Field(DEFAULT_BASE_IRI, description="base of every minted IRI")
    dataset: Path = Field(DEFAULT_DATASET, description="the default dataset folder")
    area: str = Field("kainuu", description="area (county) of a table source given alone")

    def check(self) -> Settings:
        """Refuse combinations that cannot work, at start-up rather than mid-request."""
        if not self.base_iri.endswith(("/", "#")):
            raise SettingsError(
                "LANKA_BASE_IRI:n pitää päättyä merkkiin / tai #",
                "LANKA_BASE_IRI must end with / or #",
            )
        return self


@cache
def get_settings() -> Settings:
    return Settings().check()
