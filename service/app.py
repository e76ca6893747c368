"""Assembles the FastAPI application; each route module owns its own router."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp

from service import cors, http_errors
from service.routes import (
    editor,
    front,
    graph_store,
    health,
    linked_data,
    ontology_docs,
    queries,
    reports,
    sparql,
    validate,
)
from service.routes import graph as graph_page
from service.settings import Settings, get_settings
from service.sparql_lane import SparqlLane
from service.store import EmbeddedStore, Store
from service.store_factory import open_store


def create_app(settings: Settings | None = None, store: Store | None = None) -> FastAPI:
    """An app over `store`, or over the store the settings name (opened at start)."""
    chosen = (settings or get_settings()).check()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        opened = store if store is not None else open_store(chosen)
        if isinstance(opened, EmbeddedStore):
            opened.query_workers = chosen.query_workers
            opened.cache_results(chosen.result_cache_mb)
        opened.discard_staging()
        if isinstance(opened, EmbeddedStore) and chosen.read_replica:
            opened.replicate()
        app.state.store = opened
        try:
            yield
        finally:
            if isinstance(opened, EmbeddedStore):
                opened.stop_queries()  # uvicorn may end the process before its caller closes
            if store is None:
                opened.close()

    app = LankaApp(
        title="lanka",
        summary="Punainen lanka: strategiasta toimenpiteisiin / from strategy to measures",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.settings = chosen
    app.include_router(health.router)
    app.include_router(graph_page.router)
    app.include_router(sparql.router)
    app.include_router(graph_store.router)
    app.include_router(validate.router)
    app.include_router(linked_data.router)
    app.include_router(ontology_docs.router)
    app.include_router(editor.router)
    app.include_router(front.router)
    app.include_router(queries.router)
    app.include_router(reports.router)
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")
    cors.install(app, chosen)
    http_errors.install(app)
    return app


class LankaApp(FastAPI):
    """FastAPI with `/sparql` queries answered in front of its middleware stack
    (`service.sparql_lane`)."""

    def build_middleware_stack(self) -> ASGIApp:
        return SparqlLane(super().build_middleware_stack(), self.state.settings)
