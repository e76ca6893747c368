"""The data's class hierarchy: which classes are below which, by `rdfs:subClassOf`."""

from __future__ import annotations

from collections.abc import Iterable

from rdflib.term import Node


class Hierarchy:
    """The data's `rdfs:subClassOf` triples: each class with all the classes below it."""

    def __init__(self, edges: Iterable[tuple[Node, Node]]) -> None:
        self.below: dict[Node, set[Node]] = {}
        for sub, sup in edges:
            self.below.setdefault(sup, set()).add(sub)

    def closure(self, cls: Node) -> set[Node]:
        found, todo = {cls}, [cls]
        while todo:
            for sub in self.below.get(todo.pop(), ()):
                if sub not in found:
                    found.add(sub)
                    todo.append(sub)
        return found
