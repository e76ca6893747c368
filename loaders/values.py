"""Parsing one cell into RDF terms; a bad cell raises `CellError` with a bilingual message."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from rdflib import Literal
from rdflib.namespace import XSD

LANGUAGE_TAG = re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$")
_YEAR = r"[0-9]{4}"
_DATE = r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?"
# Literals of the last few thousand distinct cells: a table repeats its values (years,
# figures) and a literal costs more to make than to look up; a bad cell raises every time
_CACHED = 4096


class CellError(ValueError):
    def __init__(self, fi: str, en: str) -> None:
        super().__init__(en)
        self.fi = fi
        self.en = en


@dataclass(frozen=True)
class Period:
    """A time span as written in a cell; `key` is the canonical text used in its IRI."""

    key: str
    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        if "--" in self.key:
            return self.key.replace("--", "–")
        if re.fullmatch(r"[0-9]{4}-[0-9]{4}", self.key):
            return self.key.replace("-", "–")
        return self.key


def _bounds(text: str) -> tuple[dt.date, dt.date]:
    """First and last day of a year, a month or a day."""
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)
    if len(parts) == 2:
        start = dt.date(parts[0], parts[1], 1)
        following = dt.date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
        return start, following - dt.timedelta(days=1)
    day = dt.date(parts[0], parts[1], parts[2])
    return day, day


def parse_period(text: str) -> Period:
    value = text.strip().replace("–", "-").replace("—", "-").replace(" ", "")
    try:
        if re.fullmatch(_DATE, value):
            start, end = _bounds(value)
        elif (m := re.fullmatch(rf"({_YEAR})-({_YEAR})", value)) or (
            m := re.fullmatch(rf"({_DATE})--({_DATE})", value)
        ):
            start, end = _bounds(m.group(1))[0], _bounds(m.group(2))[1]
        else:
            raise ValueError(value)
    except ValueError:
        raise CellError(
            f"aikaa '{text}' ei tunnisteta (esim. 2024, 2026-2029, 2025-06-01)",
            f"'{text}' is not a period (e.g. 2024, 2026-2029, 2025-06-01)",
        ) from None
    if end < start:
        raise CellError(
            f"aika '{text}' päättyy ennen alkuaan", f"period '{text}' ends before it starts"
        )
    return Period(value, start, end)


@lru_cache(maxsize=_CACHED)
def parse_date(text: str) -> Literal:
    value = text.strip()
    try:
        if re.fullmatch(_YEAR, value):
            return Literal(value, datatype=XSD.gYear)
        if re.fullmatch(rf"{_YEAR}-[0-9]{{2}}", value):
            _bounds(value)
            return Literal(value, datatype=XSD.gYearMonth)
        return Literal(dt.date.fromisoformat(value), datatype=XSD.date)
    except ValueError:
        raise CellError(
            f"päiväys '{text}' ei kelpaa (esim. 2025, 2025-06, 2025-06-01)",
            f"'{text}' is not a date (e.g. 2025, 2025-06, 2025-06-01)",
        ) from None


@lru_cache(maxsize=_CACHED)
def parse_decimal(text: str) -> Literal:
    value = text.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        number = Decimal(value)
        if not number.is_finite():
            raise InvalidOperation
    except InvalidOperation:
        raise CellError(f"'{text}' ei ole luku", f"'{text}' is not a number") from None
    return Literal(number, datatype=XSD.decimal)


@lru_cache(maxsize=_CACHED)
def parse_integer(text: str) -> Literal:
    value = text.strip()
    if not re.fullmatch(r"-?[0-9]+", value):
        raise CellError(f"'{text}' ei ole kokonaisluku", f"'{text}' is not a whole number")
    return Literal(int(value), datatype=XSD.integer)


def parse_labels(text: str) -> list[Literal]:
    """`name@lang; name@lang`; a name without a tag is Finnish."""
    labels = []
    for item in (p.strip() for p in text.split(";")):
        if not item:
            continue
        name, at, tag = item.rpartition("@")
        if not at:
            labels.append(Literal(item, lang="fi"))
            continue
        if not name.strip() or not LANGUAGE_TAG.fullmatch(tag):
            raise CellError(
                f"kielikoodi '{tag}' ei kelpaa kohdassa '{item}' (esim. nimi@fi)",
                f"bad language tag '{tag}' in '{item}' (e.g. name@en)",
            )
        labels.append(Literal(name.strip(), lang=tag.lower()))
    return labels


def split_list(text: str) -> list[str]:
    return [p.strip() for p in text.split(";") if p.strip()]
