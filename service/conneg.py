"""HTTP content negotiation with q-values (RFC 9110 §12.5.1), standard library only.

Each offered media type takes the quality of the most specific media range that matches it
(`text/turtle` over `text/*` over `*/*`); a quality of 0 refuses it. The offer with the
highest quality wins; ties go to the server's order of preference. Parameters other than `q`
(such as `charset`) are ignored when matching, so `text/turtle; charset=utf-8` asks for Turtle.
Kept free of web-framework imports so query worker processes can use it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class MediaRange:
    type: str
    subtype: str
    q: float

    @property
    def specificity(self) -> int:
        if self.type == "*":
            return 0
        return 1 if self.subtype == "*" else 2

    def matches(self, media_type: str) -> bool:
        kind, _, sub = media_type.partition("/")
        return self.type in ("*", kind) and self.subtype in ("*", sub)


def _quality(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if 0.0 <= value <= 1.0 else None


def parse_accept(header: str) -> list[MediaRange]:
    """The media ranges of an Accept header; malformed entries are skipped, not fatal."""
    ranges = []
    for item in header.split(","):
        main, *params = (part.strip() for part in item.split(";"))
        kind, slash, sub = main.lower().partition("/")
        if not slash or not kind or not sub or (kind == "*" and sub != "*"):
            continue
        q: float | None = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                q = _quality(value.strip())
        if q is not None:
            ranges.append(MediaRange(kind, sub, q))
    return ranges


def quality(ranges: Sequence[MediaRange], media_type: str) -> float:
    """How much the client wants `media_type`: the q of the most specific matching range."""
    best: MediaRange | None = None
    for candidate in ranges:
        if candidate.matches(media_type) and (
            best is None or candidate.specificity > best.specificity
        ):
            best = candidate
    return best.q if best is not None else 0.0


def negotiate(accept: str | None, offered: Sequence[str]) -> str | None:
    """The offered media type to answer with, or None when the client accepts none of them.

    A missing or empty Accept header accepts anything: the first offer wins.
    """
    return _negotiate(accept, tuple(offered))


@lru_cache(maxsize=512)
def _negotiate(accept: str | None, offered: tuple[str, ...]) -> str | None:
    """`negotiate`, remembered: clients send the same few Accept headers, and reading one
    took a tenth of a small query's time in the replica."""
    if not offered:
        return None
    if accept is None or not accept.strip():
        return offered[0]
    ranges = parse_accept(accept)
    if not ranges:
        return offered[0]
    best_type, best_q = None, 0.0
    for media_type in offered:
        q = quality(ranges, media_type.lower())
        if q > best_q:
            best_type, best_q = media_type, q
    return best_type
