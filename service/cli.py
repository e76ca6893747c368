"""The `lanka` command. Exit codes: 0 success, 1 user error (message on stderr), 2 usage.

Each command imports what it needs when it runs, and the commands kept in other modules are
imported only when named (`LazyGroup`): start-up is part of every command's time, and
`lanka validate` on a county should not pay for the graph analytics, the report renderers
or the loaders.
"""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import click

from service.cli_errors import user_errors
from service.settings import Settings, get_settings
from service.store import EXPORT_FORMATS
from service.store_factory import open_store

F = TypeVar("F", bound=Callable[..., Any])

# commands in their own modules: name → "module:attribute", imported when the name is used
LAZY_COMMANDS = {
    "validate": "service.validate_cli:validate",
    "analyze": "service.graph_cli:analyze",
    "report": "service.report_cli:report",
}


class LazyGroup(click.Group):
    """A group whose commands in `lazy` are imported only when named (or listed by --help)."""

    def __init__(self, *args: Any, lazy: Mapping[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = dict(lazy or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy and cmd_name not in self.commands:
            module, _colon, attribute = self.lazy[cmd_name].partition(":")
            command = getattr(importlib.import_module(module), attribute)
            if not isinstance(command, click.Command):
                raise TypeError(f"{self.lazy[cmd_name]} is not a click command")
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)


def _settings(ctx: click.Context) -> Settings:
    settings: Settings = ctx.obj
    return settings


@click.group(cls=LazyGroup, lazy=LAZY_COMMANDS)
@click.option(
    "--store",
    "store_path",
    type=click.Path(path_type=Path),
    help="Tietovaraston kansio / store folder (LANKA_STORE).",
)
@click.pass_context
@user_errors
def cli(ctx: click.Context, store_path: Path | None) -> None:
    """lanka — punainen lanka strategiasta toimenpiteisiin / the red thread from strategy to
    measures."""
    settings = get_settings()
    if store_path is not None:
        settings = settings.replace(store=store_path)
    ctx.obj = settings


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--area", help="Alue taulukkolähteelle / area of a table source given alone.")
@click.pass_context
@user_errors
def load(ctx: click.Context, paths: tuple[Path, ...], area: str | None) -> None:
    """Lataa lähteet (oletus: oletusaineisto) / load sources (default: the default dataset)."""
    from service.loading import load_default, load_paths

    settings = _settings(ctx)
    if area:
        settings = settings.replace(area=area)
    store = open_store(settings)
    try:
        plan = load_paths(store, list(paths), settings) if paths else load_default(store, settings)
    finally:
        store.close()
    click.echo(f"ladattu / loaded: {len(plan.graphs)} graphs, {plan.triples} triples")


@cli.command()
@click.option("--graph", "graph", help="Vain tämä graafi / only this graph (IRI).")
@click.option(
    "--format", "fmt", type=click.Choice(sorted(EXPORT_FORMATS)), default="nq", show_default=True
)
@click.pass_context
@user_errors
def export(ctx: click.Context, graph: str | None, fmt: str) -> None:
    """Vie tietovaraston sisältö / export the store's content to stdout."""
    store = open_store(_settings(ctx))
    try:
        sys.stdout.buffer.write(store.export(fmt, graph))
    finally:
        store.close()


@cli.command()
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.pass_context
@user_errors
def stats(ctx: click.Context, fmt: str) -> None:
    """Kolmikot graafeittain, instanssit luokittain / triples per graph, instances per class."""
    from ontology.namespaces import compact
    from service.status import dataset_versions, instances_per_class, triples_per_graph

    settings = _settings(ctx)
    store = open_store(settings)
    try:
        graphs = triples_per_graph(store)
        classes = instances_per_class(store, settings.base_iri)
        versions = dataset_versions(store, settings.base_iri)
    finally:
        store.close()
    if fmt == "json":
        click.echo(
            json.dumps(
                {
                    "datasets": [v.__dict__ for v in versions],
                    "triples_per_graph": graphs,
                    "instances_per_class": classes,
                },
                indent=2,
                ensure_ascii=False,
            )
        )
        return
    for version in versions:
        click.echo(f"{version.dataset}  versio/version {version.version}  ({version.modified})")
    click.echo("\ngraafi / graph\tkolmikot / triples")
    for name, count in graphs.items():
        click.echo(f"{name}\t{count}")
    click.echo(f"yhteensä / total\t{sum(graphs.values())}")
    click.echo("\nluokka / class\tinstanssit / instances")
    for name, count in classes.items():
        click.echo(f"{compact(name)}\t{count}")


@cli.command()
@click.argument("name", required=False)
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="Kyselyn parametri / query parameter (repeatable).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "tsv", "json"]),
    default="table",
    show_default=True,
)
@click.pass_context
@user_errors
def query(ctx: click.Context, name: str | None, params: tuple[str, ...], fmt: str) -> None:
    """Aja nimetty kysely (ilman nimeä: luettelo) / run a named query (no name: list them)."""
    from queries.registry import load_registry
    from service.named_queries import query_limits, run_named
    from service.results import RENDERERS

    registry = load_registry()
    if name is None:
        for named in registry:
            args = " ".join(f"{p.name}:{p.type}" for p in named.params)
            click.echo(f"{named.name}  {args}\n    {named.summary}")
        return
    given: dict[str, str] = {}
    for item in params:
        key, equals, value = item.partition("=")
        if not equals:
            raise click.UsageError(f"--param {item}: kirjoita NIMI=ARVO / write NAME=VALUE")
        given[key] = value
    settings = _settings(ctx)
    store = open_store(settings)
    try:
        result = run_named(
            store, registry.get(name), given, settings.base_iri, query_limits(settings)
        )
    finally:
        store.close()
    click.echo(RENDERERS[fmt](result), nl=False)


@cli.command()
@click.argument("out", type=click.Path(path_type=Path))
@click.option("--counties", type=click.IntRange(1, 99), default=22, show_default=True)
@click.option("--seed", type=int, default=1, show_default=True)
@click.option(
    "--years",
    type=click.IntRange(1, 100),
    default=10,
    show_default=True,
    help="Havaintovuosia / years of observations (≈12,000 triples per county and year).",
)
@user_errors
def synth(out: Path, counties: int, seed: int, years: int) -> None:
    """Kirjoita synteettinen valtakunnallinen aineisto / write a synthetic national dataset."""
    from loaders.synth import SynthSize, write_synthetic

    gaps = write_synthetic(out, counties, seed, SynthSize(years=years))
    click.echo(
        f"{counties} maakuntaa / counties → {out}; planted gaps: "
        f"{gaps.measures_without_owner} without owner, "
        f"{gaps.measures_without_indicator} without metric, "
        f"{gaps.objectives_without_measures} objectives without measures"
    )


@cli.command()
@click.argument("out", type=click.Path(path_type=Path))
@user_errors
def template(out: Path) -> None:
    """Kirjoita tyhjä pohja (xlsx ja CSV) / write an empty template (xlsx and CSV folder)."""
    from loaders.template import write_template

    workbook, folder = write_template(out)
    click.echo(f"{workbook}\n{folder}")


@cli.command()
@click.option("--host", help="Osoite / address (LANKA_HOST).")
@click.option("--port", type=int, help="Portti / port (LANKA_PORT).")
@click.option(
    "--load-default/--no-load-default",
    "load_default_dataset",
    default=False,
    help="Lataa oletusaineisto, jos varasto on tyhjä tai vanhentunut / load the "
    "default dataset when the store is empty or older than its sources.",
)
@click.pass_context
@user_errors
def serve(
    ctx: click.Context, host: str | None, port: int | None, load_default_dataset: bool
) -> None:
    """Käynnistä palvelin / start the server."""
    import uvicorn

    from service.app import create_app
    from service.http_protocol import server_config
    from service.loading import default_load_needed, load_default

    updates: dict[str, Any] = {"host": host, "port": port}
    settings = _settings(ctx).replace(**{k: v for k, v in updates.items() if v})
    store = open_store(settings)
    try:
        if load_default_dataset and default_load_needed(store, settings):
            click.echo("ladataan oletusaineisto / loading the default dataset", err=True)
            plan = load_default(store, settings)
            click.echo(f"ladattu / loaded: {plan.triples} triples", err=True)
        app = create_app(settings, store)
        config = server_config(app, settings.host, settings.port, access_log=settings.access_log)
        uvicorn.Server(config).run()
    finally:
        store.close()


def main() -> None:
    cli(prog_name="lanka")
