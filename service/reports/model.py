"""What a report is, apart from how it is written out: sections of tables of cells.

The builders (`traceability`, `actor`) fill this model from named queries; the writers
(`html`, `pdf`, `xlsx`, `tabular`) only lay it out, so every format says the same thing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode


@dataclass(frozen=True)
class Link:
    text: str
    iri: str | None = None


@dataclass(frozen=True)
class Cell:
    """One value: text, a link to the thing it names, or several links; numbers stay numbers."""

    text: str = ""
    iri: str | None = None
    number: int | Decimal | None = None
    items: tuple[Link, ...] = ()

    @classmethod
    def links(cls, items: list[Link], separator: str = "; ") -> Cell:
        unique = list(dict.fromkeys(items))
        return cls(text=separator.join(i.text for i in unique), items=tuple(unique))


EMPTY = Cell()


@dataclass(frozen=True)
class Column:
    key: str
    label: str


@dataclass(frozen=True)
class QueryUse:
    """A named query and the parameters a table was made with: the way to check a number."""

    name: str
    params: tuple[tuple[str, str], ...] = ()

    def path(self) -> str:
        query = urlencode(self.params)
        return f"/queries/{self.name}" + (f"?{query}" if query else "")


@dataclass
class Table:
    key: str
    title: str
    columns: list[Column]
    rows: list[list[Cell]]
    queries: list[QueryUse]
    note: str = ""
    # rows are shown in groups headed by this column's value (HTML); other formats keep it
    group_by: str | None = None


@dataclass
class Section:
    key: str
    title: str
    intro: str
    tables: list[Table] = field(default_factory=list)


@dataclass(frozen=True)
class DatasetStamp:
    dataset: str
    version: str


@dataclass(frozen=True)
class Stamp:
    """What a reader needs to know the report is about this data: versions, digest, time."""

    datasets: tuple[DatasetStamp, ...]
    digest: str
    graphs: int
    generated: dt.datetime


@dataclass
class Report:
    kind: str  # traceability | actor
    lang: str
    title: str
    subject: str  # what the report is about (the county, the actor)
    stamp: Stamp
    sections: list[Section]
    notes: list[str] = field(default_factory=list)

    def tables(self) -> list[tuple[Section, Table]]:
        return [(section, table) for section in self.sections for table in section.tables]
