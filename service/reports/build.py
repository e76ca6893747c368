"""Making a report from the store: the stamp first, then every query the report rests on.

Any query over its limit raises (`QueryTimeout`, `ResultTooLarge`) and no report is made.
"""

from __future__ import annotations

import datetime as dt

from queries.registry import Registry
from service.named_queries import default_registry
from service.reports.actor import actor_report
from service.reports.model import Report
from service.reports.runner import QueryRunner
from service.reports.stamp import make_stamp
from service.reports.traceability import traceability_report
from service.store import Limits, Store

KINDS = ("traceability", "actor")


def build_report(
    kind: str,
    store: Store,
    base: str,
    *,
    lang: str = "fi",
    limits: Limits | None = None,
    actor: str | None = None,
    now: dt.datetime | None = None,
    registry: Registry | None = None,
) -> Report:
    runner = QueryRunner(store, registry or default_registry(), base, lang, limits)
    stamp = make_stamp(store, base, now)
    if kind == "actor":
        if actor is None:
            raise ValueError("the actor report needs an actor")
        return actor_report(runner, stamp, actor)
    return traceability_report(runner, stamp)
