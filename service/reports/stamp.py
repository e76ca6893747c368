"""The stamp every report carries: dataset versions, content digest, time of making.

The load time of a dataset is left out on purpose: the same data loaded twice gives the same
report apart from the time it was made.
"""

from __future__ import annotations

import datetime as dt

from service.reports.digest import content_digest
from service.reports.model import DatasetStamp, Stamp
from service.status import dataset_versions
from service.store import Store


def make_stamp(store: Store, base: str, now: dt.datetime | None = None) -> Stamp:
    digest, graphs = content_digest(store, base)
    versions = tuple(DatasetStamp(v.dataset, v.version) for v in dataset_versions(store, base))
    generated = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    return Stamp(datasets=versions, digest=digest, graphs=graphs, generated=generated)
