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
