"""Shared request dependencies, as `Annotated` aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from service.settings import Settings
from service.store import EmbeddedStore


def _store(request: Request) -> EmbeddedStore:
    store: EmbeddedStore = request.app.state.store
    return store


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


StoreDep = Annotated[EmbeddedStore, Depends(_store)]
SettingsDep = Annotated[Settings, Depends(_settings)]
