"""`lanka validate`: validate the store, or any files, against the shapes.

Exit codes: 0 the data conforms, 3 it does not, 1 bad input (a file that does not parse,
shapes that cannot be used), 2 a usage error. The report goes to stdout; notices (such as a
fallback to pySHACL) and, for machine formats, the summary line go to stderr.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from loaders.errors import LankaError
from service.settings import Settings, get_settings
from service.store_factory import open_store
from service.validation.engine import ENGINES
from service.validation.formats import FORMATS
from service.validation.plan_cache import plan_cache
from service.validation.run import Outcome, validate_files, validate_store
from service.validation.shapes import packaged_shapes, read_shapes
from service.validation.text import summary

EXIT_CONFORMS = 0
EXIT_BAD_INPUT = 1
EXIT_DOES_NOT_CONFORM = 3


def _settings(ctx: click.Context) -> Settings:
    settings = ctx.obj if isinstance(ctx.obj, Settings) else get_settings()
    return settings


def _run(
    settings: Settings,
    data: tuple[Path, ...],
    shapes: tuple[Path, ...],
    engine: str,
    allow_warnings: bool,
    keep: bool,
    context: bool = True,
) -> Outcome:
    base = settings.base_iri
    chosen = read_shapes(list(shapes), base) if shapes else None
    if data:
        return validate_files(
            list(data),
            chosen if chosen is not None else packaged_shapes(base),
            settings,
            engine=engine,
            allow_warnings=allow_warnings,
            context=context,
        )
    store = open_store(settings)
    try:
        return validate_store(
            store,
            base,
            engine=engine,
            shapes=chosen,
            allow_warnings=allow_warnings,
            keep=keep,
            plans=plan_cache(settings.cache_dir),
        )
    finally:
        store.close()


@click.command("validate")
@click.option(
    "--data",
    "data",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Validoi nämä tiedostot tai aineistot varaston sijaan / validate these files or "
    "datasets instead of the store (repeatable).",
)
@click.option(
    "--shapes",
    "shapes",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Käytä näitä muotoja / use these shapes files (repeatable; default: the store's, "
    "or the packaged shapes).",
)
@click.option(
    "--engine",
    type=click.Choice(ENGINES),
    default="fast",
    show_default=True,
    help="fast = SPARQL-käännös / compiled to SPARQL; pyshacl = reference.",
)
@click.option(
    "--format", "fmt", type=click.Choice(list(FORMATS)), default="text", show_default=True
)
@click.option(
    "--allow-warnings",
    is_flag=True,
    help="Varoitukset eivät kaada / warnings and infos do not make the data non-conforming.",
)
@click.option(
    "--keep/--no-keep",
    default=True,
    show_default=True,
    help="Tallenna raportti varaston validointigraafiin / keep the report in the store's "
    "validation graph (store only).",
)
@click.pass_context
def validate(
    ctx: click.Context,
    data: tuple[Path, ...],
    shapes: tuple[Path, ...],
    engine: str,
    fmt: str,
    allow_warnings: bool,
    keep: bool,
) -> None:
    """Validoi SHACL-muodoilla / validate with the SHACL shapes (exit 0 conforms, 3 does not)."""
    chosen = FORMATS[fmt]
    try:
        outcome = _run(
            _settings(ctx), data, shapes, engine, allow_warnings, keep, chosen.needs_context
        )
    except LankaError as exc:
        click.echo(str(exc), err=True)
        sys.exit(EXIT_BAD_INPUT)
    report = outcome.report
    for notice in report.notices:
        click.echo(str(notice), err=True)
    sys.stdout.write(chosen.render(report, outcome.context))
    sys.stdout.flush()
    if fmt != "text":
        click.echo(summary(report), err=True)
    sys.exit(EXIT_CONFORMS if report.conforms else EXIT_DOES_NOT_CONFORM)
