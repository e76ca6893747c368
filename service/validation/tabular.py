"""The report as JSON (for programs) and CSV (for spreadsheets): one record per result, with
the names, sources and owners a person needs, plus counts by rule and by owner."""

from __future__ import annotations

import csv
import io
import json
from functools import cache
from typing import Any

from rdflib.term import Identifier

from ontology.namespaces import compact as _compact
from service.validation.context import Context
from service.validation.groups import by_owner, by_rule, severity_name
from service.validation.report import Report, Result

compact = cache(_compact)  # the same few IRIs, compacted many times


def _names(context: Context, node: Identifier) -> dict[str, str]:
    return {"fi": context.label(node, "fi"), "en": context.label(node, "en")}


def result_record(result: Result, context: Context) -> dict[str, Any]:
    return {
        "severity": severity_name(result.severity, "en"),
        "rule": {"fi": context.rule(result.shape, "fi"), "en": context.rule(result.shape, "en")},
        "message": {"fi": result.message("fi"), "en": result.message("en")},
        "focus": str(result.focus),
        "focusLabel": _names(context, result.focus),
        "kinds": context.kinds.get(result.focus, []),
        "path": result.path_text or None,
        "value": None if result.value is None else str(result.value),
        "shape": str(result.shape),
        "component": compact(str(result.component)),
        "sources": [
            {
                "document": None if s.document is None else str(s.document),
                "documentTitle": s.document_title,
                "section": str(s.section),
                "sectionTitle": s.section_title,
                "sectionNumber": s.section_number,
            }
            for s in context.sources.get(result.focus, [])
        ],
        "owners": [
            {"owner": str(o), "label": _names(context, o)}
            for o in context.owners.get(result.focus, [])
        ],
    }


def render_json(report: Report, context: Context) -> str:
    counts = {severity_name(s, "en"): n for s, n in report.counts().items()}
    body = {
        "conforms": report.conforms,
        "engine": report.engine,
        "counts": counts,
        "notices": [{"fi": n.fi, "en": n.en} for n in report.notices],
        "byRule": [
            {
                "shape": str(g.shape),
                "rule": {"fi": context.rule(g.shape, "fi"), "en": context.rule(g.shape, "en")},
                "component": compact(str(g.component)),
                "severity": severity_name(g.severity, "en"),
                "count": len(g.results),
            }
            for g in by_rule(report)
        ],
        "byOwner": [
            {
                "owner": None if g.owner is None else str(g.owner),
                "label": None if g.owner is None else _names(context, g.owner),
                "count": len(g.results),
            }
            for g in by_owner(report, context)
        ],
        "results": [result_record(r, context) for r in report.sorted_results()],
    }
    # compact: with `indent`, the json module falls back to its pure-Python encoder
    return json.dumps(body, ensure_ascii=False) + "\n"


CSV_COLUMNS = (
    "severity",
    "rule_fi",
    "rule_en",
    "message_fi",
    "message_en",
    "focus",
    "label_fi",
    "label_en",
    "kinds",
    "path",
    "value",
    "documents",
    "sections",
    "owners",
    "shape",
    "component",
)


def render_csv(report: Report, context: Context) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for result in report.sorted_results():
        record = result_record(result, context)
        sources = context.sources.get(result.focus, [])
        writer.writerow(
            [
                record["severity"],
                record["rule"]["fi"],
                record["rule"]["en"],
                record["message"]["fi"],
                record["message"]["en"],
                record["focus"],
                record["focusLabel"]["fi"],
                record["focusLabel"]["en"],
                "; ".join(record["kinds"]),
                record["path"] or "",
                record["value"] or "",
                "; ".join(sorted({s.document_title for s in sources if s.document_title})),
                "; ".join(str(s) for s in sources),
                "; ".join(context.label(o) for o in context.owners.get(result.focus, [])),
                record["shape"],
                record["component"],
            ]
        )
    return out.getvalue()
