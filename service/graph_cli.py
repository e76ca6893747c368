"""`lanka analyze ...`: the graph analytics from the shell, as CSV or JSON on stdout.

The lead registers the group with `cli.add_command(analyze)`; the store comes from the
`Settings` the `lanka` group puts in `ctx.obj` (so `lanka --store PATH analyze ...` works).
"""

from __future__ import annotations

import sys

import click

from loaders.errors import LankaError
from service.settings import Settings
from service.store import EmbeddedStore

_FORMAT = click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "json"]),
    default="csv",
    show_default=True,
    help="Tulosteen muoto / output format.",
)
_LANG = click.option(
    "--lang",
    type=click.Choice(["fi", "en"]),
    default="fi",
    show_default=True,
    help="Nimien kieli / language of the labels.",
)


def _print(
    ctx: click.Context,
    name: str,
    fmt: str,
    lang: str,
    *,
    top: int | None = None,
    source: str | None = None,
    target: str | None = None,
    limit: int = 5,
) -> None:
    from service import analytics  # networkx: imported by this command only, not by --help

    settings: Settings = ctx.obj
    try:
        store = EmbeddedStore(settings.store, base_iri=settings.base_iri)
        try:
            table = analytics.run(store, settings.base_iri, name, lang, top, source, target, limit)
        finally:
            store.close()
    except LankaError as exc:  # a user error: the message on stderr, exit code 1
        click.echo(str(exc), err=True)
        sys.exit(1)
    click.echo(table.to_csv() if fmt == "csv" else table.to_json(), nl=fmt != "csv")


@click.group()
def analyze() -> None:
    """Verkkoanalyysit / graph analytics: centrality, isolated, communities, paths."""


@analyze.command()
@click.option("--top", type=click.IntRange(1), help="Vain N ensimmäistä / only the first N.")
@_FORMAT
@_LANG
@click.pass_context
def centrality(ctx: click.Context, top: int | None, fmt: str, lang: str) -> None:
    """Verkostoituneimmat toimijat / the most connected actors (degree, betweenness)."""
    _print(ctx, "centrality", fmt, lang, top=top)


@analyze.command()
@_FORMAT
@_LANG
@click.pass_context
def isolated(ctx: click.Context, fmt: str, lang: str) -> None:
    """Irralliset ja roikkuvat asiat / isolated and dangling entities."""
    _print(ctx, "isolated", fmt, lang)


@analyze.command()
@_FORMAT
@_LANG
@click.pass_context
def communities(ctx: click.Context, fmt: str, lang: str) -> None:
    """Yhdessä toimivien ryhmät / communities of actors that work together."""
    _print(ctx, "communities", fmt, lang)


@analyze.command()
@click.argument("source")
@click.argument("target")
@click.option("--limit", type=click.IntRange(1, 50), default=5, show_default=True)
@_FORMAT
@_LANG
@click.pass_context
def paths(ctx: click.Context, source: str, target: str, limit: int, fmt: str, lang: str) -> None:
    """Lyhimmät polut kahden asian välillä / the shortest paths between two entities."""
    _print(ctx, "paths", fmt, lang, source=source, target=target, limit=limit)
