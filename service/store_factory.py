"""The one place that chooses the store: embedded Oxigraph, or a remote SPARQL 1.1 server.

The app's start-up and every `lanka` command open the store here, so that the settings alone
(`LANKA_STORE_KIND`, `LANKA_REMOTE_*`) decide where the data lives.
"""

from __future__ import annotations

from service.settings import Settings
from service.store import EmbeddedStore, Store


def open_store(settings: Settings) -> Store:
    """The store the settings name: remote when a remote query endpoint is set (or
    LANKA_STORE_KIND=remote), else the embedded store in the LANKA_STORE folder."""
    if settings.remote:
        from service.remote_store import RemoteStore  # its HTTP clients only when needed

        return RemoteStore.from_settings(settings)
    store = EmbeddedStore(
        settings.store, query_workers=settings.query_workers, base_iri=settings.base_iri
    )
    store.cache_results(settings.result_cache_mb)
    return store
