"""CORS, off unless LANKA_CORS_ORIGINS names the origins a browser may call from."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from service.settings import Settings


def install(app: FastAPI, settings: Settings) -> None:
    if not settings.cors_origins:
        return
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_methods=["GET", "HEAD", "POST", "PUT", "DELETE"],
        allow_headers=["Accept", "Authorization", "Content-Type"],
        expose_headers=["Location"],
    )
