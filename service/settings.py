"""Settings, read once: `LANKA_*` environment variables or a `.env` file; CLI options win.

Our own small module rather than pydantic-settings, because every `lanka` command imports it:
with pydantic-settings `import service.settings` took 0.29–0.35 s, without it 0.14–0.16 s,
the same as importing rdflib and click alone (7 runs each on this 2-core machine), and `lanka
validate` on the default dataset should finish within a second in all.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import MISSING, Field, dataclass, field, fields
from functools import cache
from pathlib import Path
from typing import Any, Literal

from loaders.errors import SettingsError
from ontology.namespaces import DEFAULT_BASE_IRI

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATASET = PROJECT_ROOT / "data" / "kainuu"
MIN_TOKEN_LENGTH = 16
ENV_PREFIX = "LANKA_"
ENV_FILE = ".env"
# the words pydantic reads as booleans, any case
TRUE_WORDS = frozenset({"1", "on", "t", "true", "y", "yes"})
FALSE_WORDS = frozenset({"0", "off", "f", "false", "n", "no"})


class Secret:
    """A token or password: kept out of repr and str, so out of logs and tracebacks."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def get_secret_value(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('**********')"

    def __str__(self) -> str:
        return "**********"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


@dataclass(frozen=True)
class Kind:
    """How a setting's value is read (from text or given as is) and what it must be."""

    read: Callable[[object], object]  # raises ValueError or TypeError on a bad value
    expected_fi: str
    expected_en: str
    shows_value: bool = True  # False for secrets: an error never repeats the value


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(value)
    return value


def _path(value: object) -> Path:
    if not isinstance(value, str | os.PathLike):
        raise TypeError(value)
    return Path(value)


def _secret(value: object) -> Secret:
    return value if isinstance(value, Secret) else Secret(_text(value))


def _boolean(value: object) -> bool:
    if isinstance(value, bool):
        return value
    word = _text(value).lower()
    if word in TRUE_WORDS or word in FALSE_WORDS:
        return word in TRUE_WORDS
    raise ValueError(value)


def _comma_separated(value: object) -> list[str]:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, list | tuple) and all(isinstance(item, str) for item in value):
        return list(value)
    raise TypeError(value)


def _positive_number(value: object) -> float:
    number = float(value) if isinstance(value, str) else value
    if isinstance(number, bool) or not isinstance(number, int | float) or not number > 0:
        raise ValueError(value)
    return float(number)


def _integer(low: int, high: int | None = None) -> Kind:
    def read(value: object) -> int:
        number = int(value) if isinstance(value, str) else value
        if isinstance(number, bool) or not isinstance(number, int):
            raise TypeError(value)
        if number < low or (high is not None and number > high):
            raise ValueError(value)
        return number

    span = f"≥ {low}" if high is None else f"{low}–{high}"
    return Kind(read, f"kokonaisluku {span}", f"an integer {span}")


def _choice(*words: str) -> Kind:
    def read(value: object) -> str:
        if value not in words:
            raise ValueError(value)
        return _text(value)

    listed = ", ".join(words)
    return Kind(read, f"yksi näistä: {listed}", f"one of: {listed}")


TEXT = Kind(_text, "tekstiä", "text")
PATH = Kind(_path, "polku", "a path")
SECRET = Kind(_secret, "tekstiä", "text", shows_value=False)
BOOLEAN = Kind(
    _boolean, "true tai false (tai 1/0, yes/no, on/off)", "true or false (or 1/0, yes/no, on/off)"
)
POSITIVE_NUMBER = Kind(_positive_number, "luku > 0", "a number > 0")
COMMA_SEPARATED = Kind(_comma_separated, "pilkuin eroteltu luettelo", "a comma-separated list")


def _about(kind: Kind, description: str) -> dict[str, object]:
    """A field's metadata: how its value is read, and what it is for."""
    return {"kind": kind, "description": description}


def _default_cache_dir() -> Path:
    """`$XDG_CACHE_HOME/lanka`, else `~/.cache/lanka` (the XDG base directory default)."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "lanka"


def _default_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


def _environment() -> dict[str, str]:
    """`LANKA_*` values with lower-case names, from `.env` in the working folder and the
    environment (which wins); names in any case, as pydantic-settings read them."""
    sources: list[Mapping[str, str | None]] = [os.environ]
    if os.path.isfile(ENV_FILE):
        from dotenv import dotenv_values  # only when there is a file: start-up time

        sources.insert(0, dotenv_values(ENV_FILE))
    found: dict[str, str] = {}
    for source in sources:
        for name, value in source.items():
            if value is not None and name.upper().startswith(ENV_PREFIX):
                found[name.lower()] = value
    return found


def env_name(setting: Field[Any]) -> str:
    return ENV_PREFIX + setting.name.upper()


@dataclass(frozen=True, init=False)
class Settings:
    """Every setting with its `LANKA_*` variable (`env_name`) and description (metadata)."""

    store: Path = field(
        default=Path("var/store"), metadata=_about(PATH, "folder of the on-disk Oxigraph store")
    )
    cache_dir: Path = field(
        default_factory=_default_cache_dir,
        metadata=_about(
            PATH, "folder for what is kept between runs to save time (compiled shapes)"
        ),
    )
    host: str = field(default="127.0.0.1", metadata=_about(TEXT, "address the server listens on"))
    port: int = field(
        default=8000, metadata=_about(_integer(1, 65535), "port the server listens on")
    )
    access_log: bool = field(
        default=False,
        metadata=_about(BOOLEAN, "log every request on stderr (uvicorn's access log; costs speed)"),
    )
    base_iri: str = field(
        default=DEFAULT_BASE_IRI, metadata=_about(TEXT, "base of every minted IRI")
    )
    dataset: Path = field(
        default=DEFAULT_DATASET, metadata=_about(PATH, "the default dataset folder")
    )
    area: str = field(
        default="kainuu", metadata=_about(TEXT, "area (county) of a table source given alone")
    )
    update_token: Secret | None = field(
        default=None,
        metadata=_about(
            SECRET, "bearer token that SPARQL Update and Graph Store writes must carry"
        ),
    )
    writable: bool | None = field(
        default=None,
        metadata=_about(
            BOOLEAN,
            "true: writes wanted (start-up fails without a token); false: read-only "
            "even with a token; unset: writes exactly when a token is set",
        ),
    )
    query_timeout: float = field(
        default=30.0, metadata=_about(POSITIVE_NUMBER, "seconds a query may run")
    )
    query_workers: int = field(
        default_factory=_default_workers,
        metadata=_about(_integer(1), "query worker processes"),
    )
    read_replica: bool = field(
        default=True,
        metadata=_about(
            BOOLEAN,
            "answer queries of the default graph from a copy of it in memory, in a process "
            "of its own (about 350 bytes per triple); false: every query reads the disk",
        ),
    )
    result_cache_mb: int = field(
        default=64,
        metadata=_about(_integer(0), "memory for answers kept for repeated queries (MB); 0: none"),
    )
    max_request_bytes: int = field(
        default=32 * 2**20, metadata=_about(_integer(1024), "largest request body")
    )
    max_result_rows: int = field(
        default=100_000, metadata=_about(_integer(1), "most rows (or triples) a result has")
    )
    max_result_bytes: int = field(
        default=256 * 2**20, metadata=_about(_integer(1024), "largest serialised result")
    )
    cors_origins: list[str] = field(
        default_factory=list,
        metadata=_about(COMMA_SEPARATED, "origins allowed by CORS, comma-separated; none: off"),
    )
    fetch_allow: list[str] = field(
        default_factory=list,
        metadata=_about(
            COMMA_SEPARATED,
            "IRIs SERVICE and LOAD may reach, comma-separated; an entry ending in / "
            "allows everything under it; none: all refused",
        ),
    )

    store_kind: Literal["embedded", "remote"] | None = field(
        default=None,
        metadata=_about(
            _choice("embedded", "remote"),
            "embedded (Oxigraph in this process) or remote (a SPARQL 1.1 server); "
            "unset: remote exactly when LANKA_REMOTE_QUERY_URL is set",
        ),
    )
    remote_query_url: str | None = field(
        default=None, metadata=_about(TEXT, "query endpoint of a remote store")
    )
    remote_update_url: str | None = field(
        default=None,
        metadata=_about(TEXT, "update endpoint of the remote store; unset: the query endpoint"),
    )
    remote_store_url: str | None = field(
        default=None,
        metadata=_about(
            TEXT,
            "Graph Store Protocol endpoint of the remote store, used to stage loads; "
            "unset: SPARQL Update",
        ),
    )
    remote_dialect: Literal["standard", "virtuoso"] = field(
        default="standard",
        metadata=_about(
            _choice("standard", "virtuoso"),
            "how the remote server reads the protocols: standard or virtuoso",
        ),
    )
    remote_user: str | None = field(
        default=None, metadata=_about(TEXT, "user name at the remote store")
    )
    remote_password: Secret | None = field(
        default=None, metadata=_about(SECRET, "password at the remote store")
    )
    remote_auth: Literal["basic", "digest"] = field(
        default="basic",
        metadata=_about(
            _choice("basic", "digest"), "HTTP authentication scheme of the user and password"
        ),
    )
    remote_token: Secret | None = field(
        default=None,
        metadata=_about(SECRET, "bearer token for the remote store (instead of user and password)"),
    )

    def __init__(self, **overrides: object) -> None:
        """Each setting from `overrides`, else its `LANKA_*` variable, else its default."""
        environment = _environment()
        values: dict[str, object] = {}
        for setting in fields(self):
            text = environment.get(env_name(setting).lower())
            if text is not None:
                values[setting.name] = text
        self._assign({**values, **overrides})

    def replace(self, **changes: object) -> Settings:
        """A copy with `changes`, read and checked like the variables (which are not reread)."""
        copy = object.__new__(Settings)
        copy._assign({**vars(self), **changes})
        return copy

    def _assign(self, values: Mapping[str, object]) -> None:
        """Every field read from `values` by its kind, or its default; one error names every
        bad value."""
        unknown = values.keys() - {setting.name for setting in fields(self)}
        if unknown:
            raise TypeError(f"unknown settings: {', '.join(sorted(unknown))}")
        problems: list[SettingsError] = []
        for setting in fields(self):
            value = values.get(setting.name, MISSING)
            if value is MISSING:
                factory = setting.default_factory
                value = setting.default if factory is MISSING else factory()
            elif value is not None or setting.default is not None:
                try:
                    value = _read(setting, value)
                except SettingsError as problem:
                    problems.append(problem)
            object.__setattr__(self, setting.name, value)
        if len(problems) == 1:
            raise problems[0]
        if problems:
            raise SettingsError(
                "; ".join(problem.fi for problem in problems),
                "; ".join(problem.en for problem in problems),
            )

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


def _read(setting: Field[Any], value: object) -> object:
    """`value` read by the setting's kind, or an error naming its variable."""
    kind: Kind = setting.metadata["kind"]
    try:
        return kind.read(value)
    except (TypeError, ValueError):
        fi = f"{env_name(setting)}:n pitää olla {kind.expected_fi}"
        en = f"{env_name(setting)} must be {kind.expected_en}"
        if kind.shows_value:
            fi, en = f"{fi}, ei {value!r}", f"{en}, not {value!r}"
        raise SettingsError(fi, en) from None


@cache
def get_settings() -> Settings:
    return Settings().check()
