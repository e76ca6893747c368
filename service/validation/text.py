"""The report as text for a person: a summary line, then each rule with the things that break
it, by name, with their source and owner. Finnish first, then English."""

from __future__ import annotations

from functools import cache

from rdflib.term import Identifier, URIRef

from ontology.namespaces import compact as _compact
from service.validation.context import Context
from service.validation.groups import by_rule, severity_name
from service.validation.report import SEVERITY_NAMES, SEVERITY_PLURALS, Report

compact = cache(_compact)  # the same few IRIs, compacted many times


def summary(report: Report) -> str:
    counts = report.counts()
    verdict = ("läpäisee", "conforms") if report.conforms else ("ei läpäise", "does not conform")
    parts_fi = ", ".join(counted(n, s, 0) for s, n in counts.items())
    parts_en = ", ".join(counted(n, s, 1) for s, n in counts.items())
    return (
        f"validointi: {verdict[0]} ({parts_fi}) / validation: {verdict[1]} ({parts_en}) "
        f"[{report.engine}]"
    )


def counted(n: int, severity: URIRef, lang: int) -> str:
    names = SEVERITY_NAMES if n == 1 else SEVERITY_PLURALS
    return f"{n} {names[severity][lang]}"


def _both(context: Context, node: Identifier) -> str:
    fi, en = context.label(node, "fi"), context.label(node, "en")
    return fi if fi == en else f"{fi} / {en}"


def render_text(report: Report, context: Context) -> str:
    lines = [summary(report)]
    lines += [f"! {notice}" for notice in report.notices]
    for group in by_rule(report):
        first = group.first
        lines.append("")
        lines.append(
            f"[{severity_name(group.severity, 'fi')} / {severity_name(group.severity, 'en')}] "
            f"{context.rule(group.shape, 'fi')} / {context.rule(group.shape, 'en')}: "
            f"{len(group.results)}"
        )
        lines.append(f"  {first.message('fi')} / {first.message('en')}")
        lines.append(f"  ({compact(str(group.shape))}, {compact(str(group.component))})")
        for result in group.results:
            kinds = ", ".join(context.kinds.get(result.focus, []))
            lines.append(f"  - {_both(context, result.focus)}" + (f" ({kinds})" if kinds else ""))
            lines.append(f"      {result.focus}")
            if result.value is not None and result.value != result.focus:
                lines.append(f"      arvo / value: {result.value}")
            for source in context.sources.get(result.focus, []):
                lines.append(f"      lähde / source: {source}")
            owners = context.owners.get(result.focus, [])
            if owners:
                named = "; ".join(context.label(o) for o in owners)
                lines.append(f"      vastuutaho / owner: {named}")
    return "\n".join(lines) + "\n"
