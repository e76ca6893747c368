"""Choosing an engine: the fast path unless told otherwise, pySHACL when the shapes need it.

A fallback is never silent: the report carries a notice naming the unsupported feature,
which the command prints on stderr and the other formats include.
"""

from __future__ import annotations

import logging

from rdflib import Graph

from service.validation.fast import Keyed, compile_for, run_plan
from service.validation.reference import validate_pyshacl
from service.validation.report import Notice, Report
from service.validation.source import DataView
from service.validation.support import Unsupported

ENGINES = ("fast", "pyshacl")
log = logging.getLogger(__name__)


def fallback_notice(feature: str) -> Notice:
    return Notice(
        f"nopea polku ei tue piirrettä {feature}, käytetään pySHACLia",
        f"unsupported feature {feature}, falling back to pySHACL",
    )


def validate(
    data: DataView,
    shapes: Graph,
    *,
    engine: str = "fast",
    allow_warnings: bool = False,
    keyed: Keyed | None = None,
) -> Report:
    """`keyed`: the shapes' key and the cache of compiled plans (`fast.compile_for`)."""
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}")
    if engine == "pyshacl":
        return validate_pyshacl(data, shapes, allow_warnings=allow_warnings)
    try:
        plan = compile_for(data, shapes, allow_warnings=allow_warnings, keyed=keyed)
    except Unsupported as exc:
        notice = fallback_notice(exc.feature)
        log.warning("%s", notice.en)
        report = validate_pyshacl(data, shapes, allow_warnings=allow_warnings)
        report.notices.append(notice)
        return report
    return run_plan(plan, data)
