"""Which triples a plan's checks read: the ones its queries can match.

A compiled query matches triples of the predicates it names (in paths, targets and compared
properties, and `rdf:type` and `rdfs:subClassOf` for classes). Some are matched only with a
given object: a property shape whose only constraint is `sh:hasValue` (an observation's role
is the baseline, say) matches the triples of its path's last step with that value alone. The
checks give the same rows on the data's triples read as on all of it, so a big file can be
read for these only (`service.validation.unread`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Reads:
    """Every triple of `predicates`, except that of a predicate in `objects` only the triples
    whose object is one of its IRIs (all IRIs as plain strings)."""

    predicates: frozenset[str]
    objects: Mapping[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def all_of(cls, predicates: Iterable[str]) -> Reads:
        return cls(frozenset(str(p) for p in predicates))

    def reads_all(self, predicate: str) -> bool:
        return predicate in self.predicates and predicate not in self.objects


class ReadsFound:
    """Collects what a compiler's queries read; a predicate read whole once is read whole."""

    def __init__(self) -> None:
        self.whole: set[str] = set()
        self.by_object: dict[str, set[str]] = {}

    def all(self, predicates: Iterable[str]) -> None:
        self.whole.update(str(p) for p in predicates)

    def with_object(self, predicate: str, obj: str) -> None:
        self.by_object.setdefault(str(predicate), set()).add(str(obj))

    def reads(self) -> Reads:
        objects = {p: frozenset(o) for p, o in self.by_object.items() if p not in self.whole}
        return Reads(frozenset(self.whole | set(self.by_object)), objects)
