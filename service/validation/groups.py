"""Results grouped the two ways auditors read them: by rule, and by the owner who can fix them."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rdflib.namespace import SH
from rdflib.term import Identifier, URIRef

from service.validation.context import Context
from service.validation.report import SEVERITY_NAMES, SEVERITY_ORDER, Report, Result

NO_OWNER = ("ei vastuutahoa", "no owner")


@dataclass(frozen=True)
class RuleGroup:
    shape: Identifier
    component: URIRef
    severity: URIRef
    results: list[Result]

    @property
    def first(self) -> Result:
        return self.results[0]


@dataclass(frozen=True)
class OwnerGroup:
    owner: Identifier | None  # None: results whose focus node has no owner
    results: list[Result]


def _rank(severity: URIRef) -> int:
    return SEVERITY_ORDER.index(severity) if severity in SEVERITY_ORDER else len(SEVERITY_ORDER)


def by_rule(report: Report) -> list[RuleGroup]:
    """One group per shape and constraint; violations first, then the largest groups."""
    grouped: dict[tuple[Identifier, URIRef, URIRef], list[Result]] = defaultdict(list)
    for result in report.sorted_results():
        grouped[(result.shape, result.component, result.severity)].append(result)
    groups = [RuleGroup(s, c, sev, results) for (s, c, sev), results in grouped.items()]
    return sorted(groups, key=lambda g: (_rank(g.severity), -len(g.results), str(g.shape)))


def by_owner(report: Report, context: Context) -> list[OwnerGroup]:
    """One group per owner (a result may appear under several); the unowned last."""
    grouped: dict[Identifier | None, list[Result]] = defaultdict(list)
    for result in report.sorted_results():
        owners: list[Identifier | None] = list(context.owners.get(result.focus, []))
        for owner in owners or [None]:
            grouped[owner].append(result)
    groups = [OwnerGroup(owner, results) for owner, results in grouped.items()]
    return sorted(
        groups,
        key=lambda g: (
            g.owner is None,
            -sum(r.severity == SH.Violation for r in g.results),
            -len(g.results),
            context.label(g.owner) if g.owner is not None else "",
        ),
    )


def severity_name(severity: URIRef, lang: str) -> str:
    names = SEVERITY_NAMES.get(severity)
    if names is None:
        return str(severity)
    return names[0] if lang == "fi" else names[1]
