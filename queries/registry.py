"""The named queries: one `.rq` file each, read once, with their metadata and typed parameters.

A file starts with a header of `#+ ` lines in YAML (the grlc convention):

    #+ summary: Ylhäältä alas / Top-down trace
    #+ description:
    #+   fi: ...
    #+   en: ...
    #+ params:
    #+   - name: objective
    #+     type: iri
    #+     description: {fi: ..., en: ...}
    #+ returns: [objective, objectiveLabel, measure]

then its own PREFIX lines and the query, so it pastes into a query editor unchanged. A
parameter is a variable of the query; its value is bound as a typed RDF term (SEP-0007
substitution on the embedded store), never pasted into the text. The API, the CLI, the
reports, the query editor's examples and the tests all read these files through this module.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from importlib import resources
from pathlib import Path

import pyoxigraph as ox
import yaml
from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier

from loaders.errors import LankaError
from ontology.namespaces import PREFIXES

PARAMETER_TYPES = ("iri", "string", "integer", "decimal", "boolean", "date", "language")
_ABSOLUTE_IRI = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|\\^`]+$")
_TRUE = {"true", "1", "yes", "kyllä", "kylla", "on"}
_FALSE = {"false", "0", "no", "ei", "off"}


class QueryFileError(LankaError):
    """A `.rq` file whose header or query does not parse; the registry refuses to start."""


class QueryNotFound(LankaError):
    def __init__(self, name: str, known: list[str]) -> None:
        super().__init__(
            f"kyselyä '{name}' ei ole (kyselyt: {', '.join(known)})",
            f"there is no query '{name}' (queries: {', '.join(known)})",
        )
        self.name = name


class ParameterError(LankaError):
    """A parameter value that does not fit its declared type, or an unknown parameter."""

    def __init__(self, name: str, fi: str, en: str) -> None:
        super().__init__(f"parametri '{name}': {fi}", f"parameter '{name}': {en}")
        self.parameter = name


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    description: dict[str, str]
    default: str | None = None
    required: bool = False
    # a boolean that chooses the dataset instead of binding a variable: `includeCurated`
    # adds the graphs of curated alignments to the query's default graph
    selects_graphs: bool = False

    def bind(self, text: str) -> Identifier:
        """The typed RDF term for a value given as text (query string, CLI, form)."""
        value = text.strip()
        if self.type == "iri":
            prefix, colon, local = value.partition(":")
            if colon and prefix in PREFIXES and not local.startswith("//"):
                value = PREFIXES[prefix] + local
            if not _ABSOLUTE_IRI.match(value):
                raise ParameterError(self.name, f"'{text}' ei ole IRI", f"'{text}' is not an IRI")
            return URIRef(value)
        if self.type == "integer":
            if not re.fullmatch(r"[+-]?[0-9]+", value):
                raise ParameterError(
                    self.name, f"'{text}' ei ole kokonaisluku", f"'{text}' is not an integer"
                )
            return Literal(int(value), datatype=XSD.integer)
        if self.type == "decimal":
            try:
                return Literal(Decimal(value.replace(",", ".")), datatype=XSD.decimal)
            except InvalidOperation:
                raise ParameterError(
                    self.name, f"'{text}' ei ole luku", f"'{text}' is not a number"
                ) from None
        if self.type == "boolean":
            if value.lower() in _TRUE:
                return Literal(True)
            if value.lower() in _FALSE:
                return Literal(False)
            raise ParameterError(
                self.name,
                f"'{text}' ei ole totuusarvo (true/false)",
                f"'{text}' is not a boolean (true/false)",
            )
        if self.type == "date":
            try:
                return Literal(dt.date.fromisoformat(value), datatype=XSD.date)
            except ValueError:
                raise ParameterError(
                    self.name,
                    f"'{text}' ei ole päivämäärä (VVVV-KK-PP)",
                    f"'{text}' is not a date (YYYY-MM-DD)",
                ) from None
        if self.type == "language":
            if value not in ("fi", "en"):
                raise ParameterError(self.name, "kieli on fi tai en", "language is fi or en")
            return Literal(value)
        return Literal(value)


@dataclass(frozen=True)
class NamedQuery:
    name: str
    path: Path
    text: str
    summary: str
    description: dict[str, str]
    params: tuple[Parameter, ...]
    returns: tuple[str, ...]
    form: str  # SELECT, ASK, CONSTRUCT or DESCRIBE

    @property
    def must_be_empty(self) -> bool:
        """`*-violation` queries list what must not exist: no rows means all is well."""
        return self.name.endswith("-violation")

    def bindings(self, given: Mapping[str, str]) -> dict[str, Identifier]:
        """Typed terms for the given values and the defaults; unknown names are errors."""
        known = {p.name: p for p in self.params}
        for name in given:
            if name not in known:
                raise ParameterError(
                    name,
                    f"kyselyllä {self.name} ei ole tätä parametria",
                    f"query {self.name} has no such parameter",
                )
        bound: dict[str, Identifier] = {}
        for parameter in self.params:
            value = given.get(parameter.name)
            if value is None or value == "":
                value = parameter.default
            if value is None or value == "":
                if parameter.required:
                    raise ParameterError(parameter.name, "arvo puuttuu", "a value is required")
                continue
            bound[parameter.name] = parameter.bind(value)
        return bound


@dataclass
class Registry:
    queries: dict[str, NamedQuery] = field(default_factory=dict)

    def get(self, name: str) -> NamedQuery:
        try:
            return self.queries[name]
        except KeyError:
            raise QueryNotFound(name, sorted(self.queries)) from None

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(sorted(self.queries.values(), key=lambda q: q.name))

    def __len__(self) -> int:
        return len(self.queries)


def _header(text: str) -> str:
    lines = []
    for line in text.splitlines():
        if line.startswith("#+"):
            lines.append(line[3:] if line.startswith("#+ ") else line[2:])
        elif line.strip() and not line.startswith("#"):
            break
    return "\n".join(lines)


_EMPTY = ox.Store()


def _query_form(text: str, where: str) -> str:
    """Parse the query (by running it on an empty store: Oxigraph's parser, in microseconds)
    and tell its form; a syntax error names the file and line."""
    try:
        result = _EMPTY.query(text)
    except SyntaxError as exc:
        position = re.search(r"at (\d+):(\d+)", exc.msg or "")
        line = position.group(1) if position else "?"
        raise QueryFileError(
            f"{where}, rivi {line}: kysely ei jäsenny: {exc.msg}",
            f"{where}, line {line}: the query does not parse: {exc.msg}",
        ) from None
    if isinstance(result, ox.QueryBoolean):
        return "ASK"
    if isinstance(result, ox.QueryTriples):
        return "DESCRIBE" if re.search(r"^\s*DESCRIBE\b", text, re.M | re.I) else "CONSTRUCT"
    return "SELECT"


def parse_query_file(path: Path) -> NamedQuery:
    """Read one file; any problem in its header or query is a `QueryFileError` naming it."""
    text = path.read_text(encoding="utf-8")
    where = f"{path.name}"
    try:
        meta = yaml.safe_load(_header(text)) or {}
    except yaml.YAMLError as exc:
        raise QueryFileError(
            f"{where}: otsake ei ole YAML-muotoa: {exc}",
            f"{where}: the header is not valid YAML: {exc}",
        ) from None
    if not isinstance(meta, dict) or "summary" not in meta:
        raise QueryFileError(
            f"{where}: otsakkeesta puuttuu summary", f"{where}: the header has no summary"
        )
    form = _query_form(text, where)
    description = meta.get("description") or {}
    if isinstance(description, str):
        description = {"fi": description, "en": description}
    params = []
    for item in meta.get("params") or []:
        if item.get("type", "string") not in PARAMETER_TYPES:
            raise QueryFileError(
                f"{where}: tuntematon parametrityyppi {item.get('type')}",
                f"{where}: unknown parameter type {item.get('type')}",
            )
        if not item.get("selects_graphs") and not re.search(
            rf"[?$]{re.escape(item['name'])}\b", text
        ):
            raise QueryFileError(
                f"{where}: parametria ?{item['name']} ei käytetä kyselyssä",
                f"{where}: parameter ?{item['name']} is not used in the query",
            )
        projection = re.search(r"^SELECT\b(.*?)\bWHERE\b", text, re.M | re.S)
        if (
            not item.get("selects_graphs")
            and projection
            and not re.search(rf"\?{re.escape(item['name'])}\b", projection.group(1))
        ):
            raise QueryFileError(
                f"{where}: parametrin ?{item['name']} pitää olla SELECT-rivillä (SEP-0007)",
                f"{where}: parameter ?{item['name']} must be projected by SELECT (SEP-0007)",
            )
        desc = item.get("description") or {}
        default = item.get("default")
        params.append(
            Parameter(
                name=item["name"],
                type=item.get("type", "string"),
                description=desc if isinstance(desc, dict) else {"fi": desc, "en": desc},
                default=None
                if default is None
                else str(default).lower()
                if isinstance(default, bool)
                else str(default),
                required=bool(item.get("required", False)),
                selects_graphs=bool(item.get("selects_graphs", False)),
            )
        )
    return NamedQuery(
        name=path.stem,
        path=path,
        text=text,
        summary=str(meta["summary"]),
        description={k: str(v) for k, v in description.items()},
        params=tuple(params),
        returns=tuple(meta.get("returns") or ()),
        form=form,
    )


def load_registry(folder: Path | None = None) -> Registry:
    """Every `.rq` file under the folder (default: this package); one bad file stops it."""
    root = folder or Path(str(resources.files("queries")))
    registry = Registry()
    for path in sorted(root.rglob("*.rq")):
        query = parse_query_file(path)
        if query.name in registry.queries:
            raise QueryFileError(
                f"{path}: nimi {query.name} on jo käytössä",
                f"{path}: the name {query.name} is taken",
            )
        registry.queries[query.name] = query
    return registry
