"""The project's error hierarchy.

Domain code raises these; only the API layer and the CLI turn them into status codes and exit
codes. Every message is given in Finnish and in English.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class LankaError(Exception):
    """Base of every error a user can cause or meet."""

    def __init__(self, fi: str, en: str) -> None:
        super().__init__(f"{fi} / {en}")
        self.fi = fi
        self.en = en


@dataclass(frozen=True, order=True)
class Location:
    """Where in a source a problem is: file, sheet (workbooks only), row and column."""

    file: str
    sheet: str = ""
    row: int = 0
    column: str = ""

    def __str__(self) -> str:
        parts = [self.file]
        if self.sheet:
            parts.append(f"sheet {self.sheet}")
        if self.row:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column}")
        return ", ".join(parts)


@dataclass(frozen=True, order=True)
class Problem:
    location: Location
    fi: str
    en: str

    def __str__(self) -> str:
        return f"{self.location}: {self.fi} / {self.en}"


@dataclass
class LoadError(LankaError):
    """A source could not be loaded; `problems` holds every problem found, not only the first."""

    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        count = len(self.problems)
        LankaError.__init__(
            self,
            f"lataus epäonnistui: {count} virhettä",
            f"load failed: {count} problems",
        )

    def __str__(self) -> str:
        lines = [f"{self.fi} / {self.en}"]
        lines.extend(f"  {p}" for p in sorted(self.problems))
        return "\n".join(lines)


class StoreError(LankaError):
    """The store cannot be opened or written (locked, missing, read-only)."""


class SettingsError(LankaError):
    """An unsafe or impossible combination of settings."""


class ShapesError(LankaError):
    """SHACL shapes that cannot be used: not well-formed, or refused by the validator."""


class RequestError(LankaError):
    """A request the endpoint cannot accept as sent (missing or repeated parameter, ...)."""


class QuerySyntaxError(RequestError):
    """A SPARQL query or update the parser rejects, with the parser's message and position."""

    def __init__(
        self, fi: str, en: str, line: int | None = None, column: int | None = None
    ) -> None:
        super().__init__(fi, en)
        self.line = line
        self.column = column


class RdfSyntaxError(RequestError):
    """An RDF payload (Graph Store upload) that does not parse in its declared format."""


class UnsupportedMediaType(RequestError):
    """A request body in a media type the operation does not take."""


class NotAcceptable(LankaError):
    """No media type the client accepts fits the result."""

    def __init__(self, fi: str, en: str, offered: tuple[str, ...] = ()) -> None:
        super().__init__(fi, en)
        self.offered = offered


class RequestTooLarge(LankaError):
    """A request body over the configured size limit."""


class ResultTooLarge(LankaError):
    """A result over the configured row or size limit; refused whole, never truncated."""


class QueryTimeout(LankaError):
    """A query stopped at the configured time limit; no partial result is given."""


class QueryFailed(LankaError):
    """A query or update that parsed but could not be evaluated."""


class FetchRefused(LankaError):
    """A request that would make the server fetch a URL not in the allow-list (SERVICE, LOAD)."""


class WritesDisabled(LankaError):
    """A write to a read-only server (no update token configured)."""


class NotAuthorised(LankaError):
    """A write without the right bearer token."""


class GraphNotFound(LankaError):
    """A Graph Store request naming a graph the store does not hold."""


class RenderError(LankaError):
    """A report that cannot be written in the asked format (the PDF engine missing or failing)."""


class GraphRequestError(RequestError):
    """A graph page or analytics request the data cannot answer: an unknown view or
    analysis, an entity the data does not describe or the view does not hold."""
