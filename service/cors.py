"""CORS, off unless LANKA_CORS_ORIGINS names the origins a browser may call from."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from service.settings import Settings


def options(settings: Settings) -> dict[str, Any]:
    """CORSMiddleware's settings; empty when CORS is off."""
    if not settings.cors_origins:
        return {}
    return {
        "allow_origins": settings.cors_origins,
        "allow_methods": ["GET", "HEAD", "POST", "PUT", "DELETE"],
        "allow_headers": ["Accept", "Authorization", "Content-Type"],
        "expose_headers": ["Location"],
    }


def install(app: FastAPI, settings: Settings) -> None:
    chosen = options(settings)
    if chosen:
        app.add_middleware(CORSMiddleware, **chosen)
