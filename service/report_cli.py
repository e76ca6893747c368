"""`lanka report traceability|actor`: a report from the store, as a file or on stdout.

Exit codes as in the rest of `lanka`: 0 success, 1 a user error (an unknown actor, a query
over its limits, no Chromium for a PDF — the message on stderr in Finnish and English, and
no report at all), 2 a usage error. Text formats may go to stdout; PDF and XLSX need --out
unless stdout is a pipe or a file.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from service.cli_errors import user_errors
from service.named_queries import query_limits
from service.reports.build import build_report
from service.reports.formats import FORMATS, render
from service.settings import Settings, get_settings
from service.store import EmbeddedStore

F = TypeVar("F", bound=Callable[..., Any])


def _settings(ctx: click.Context) -> Settings:
    found = ctx.find_object(Settings)
    return found if found is not None else get_settings()


def _options(command: F) -> F:
    command = click.option(
        "--out",
        type=click.Path(path_type=Path, dir_okay=False),
        help="Tiedosto (oletus: stdout) / output file (default: stdout).",
    )(command)
    command = click.option(
        "--lang",
        type=click.Choice(["fi", "en"]),
        default="fi",
        show_default=True,
        help="Raportin kieli / language of the report.",
    )(command)
    command = click.option(
        "--format",
        "fmt",
        type=click.Choice(list(FORMATS)),
        default="html",
        show_default=True,
    )(command)
    return command


def _write(
    ctx: click.Context, kind: str, fmt: str, lang: str, out: Path | None, actor: str | None
) -> None:
    if out is None and FORMATS[fmt].binary and sys.stdout.isatty():
        raise click.UsageError(
            f"--format {fmt} kirjoittaa binääritiedoston: anna --out TIEDOSTO / "
            f"--format {fmt} writes a binary file: give --out FILE"
        )
    settings = _settings(ctx)
    store = EmbeddedStore(settings.store, base_iri=settings.base_iri)
    try:
        report = build_report(
            kind,
            store,
            settings.base_iri,
            lang=lang,
            limits=query_limits(settings),
            actor=actor,
        )
    finally:
        store.close()
    body = render(report, fmt, site=None)
    if out is None:
        sys.stdout.buffer.write(body)
        sys.stdout.flush()
        return
    out.write_bytes(body)
    click.echo(f"{out} ({len(body)} tavua / bytes, {report.stamp.digest})", err=True)


@click.group()
def report() -> None:
    """Raportit: jäljitettävyys ja toimija / reports: traceability and actor."""


@report.command()
@_options
@click.pass_context
@user_errors
def traceability(ctx: click.Context, fmt: str, lang: str, out: Path | None) -> None:
    """Jäljitettävyysraportti / the traceability report."""
    _write(ctx, "traceability", fmt, lang, out, None)


@report.command()
@click.argument("actor")
@_options
@click.pass_context
@user_errors
def actor(ctx: click.Context, actor: str, fmt: str, lang: str, out: Path | None) -> None:
    """Toimijaraportti toimijalle ACTOR (IRI) / the actor report for ACTOR (an IRI)."""
    _write(ctx, "actor", fmt, lang, out, actor)
