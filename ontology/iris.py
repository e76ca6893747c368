"""IRI templates: the one place where instance IRIs are minted.

An IRI is a pure function of the base, the area (county) and a row's key, so the same row
gives the same IRI in every load. Each template also states its regular expression, which
the SHACL shapes use as `sh:pattern`, and an example.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from rdflib import URIRef

from ontology.namespaces import DEFAULT_BASE_IRI

KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_KEY_REGEX = "[a-z0-9][a-z0-9-]*"

FINLEX_ACT = "http://data.finlex.fi/eli/sd/{year}/{number}"
EU_REGULATION = "http://data.europa.eu/eli/reg/{year}/{number}/oj"
MUNICIPALITY_CODE = "http://uri.suomi.fi/codelist/jhs/kunta_1_20230101/code/{code}"
SOTKANET_INDICATOR = "https://sotkanet.fi/sotkanet/fi/metadata/indicators/{id}"


class InvalidKey(ValueError):
    """A key that cannot become part of an IRI."""


@dataclass(frozen=True)
class IriTemplate:
    """One kind of minted IRI: `{base}{path}` where path may hold `{area}` and `{key}`."""

    kind: str
    path: str
    example_key: str
    key_regex: str = _KEY_REGEX

    def mint(self, key: str, *, area: str = "", base: str = DEFAULT_BASE_IRI) -> URIRef:
        if not re.fullmatch(self.key_regex, key):
            raise InvalidKey(key)
        return URIRef(base + self.path.format(area=quote(area), key=key))

    def pattern(self, base: str = DEFAULT_BASE_IRI) -> str:
        """The regular expression every IRI of this kind matches (for `sh:pattern`)."""
        pieces = []
        for piece in re.split(r"(\{area\}|\{key\})", self.path):
            if piece == "{area}":
                pieces.append(_KEY_REGEX)
            elif piece == "{key}":
                pieces.append(f"(?:{self.key_regex})")
            else:
                pieces.append(re.escape(piece))
        return "^" + re.escape(base) + "".join(pieces) + "$"

    def example(self, base: str = DEFAULT_BASE_IRI) -> URIRef:
        return self.mint(self.example_key, area="kainuu", base=base)


def _t(kind: str, path: str, example: str, key_regex: str = _KEY_REGEX) -> IriTemplate:
    return IriTemplate(kind, path, example, key_regex)


# Area-specific kinds live under id/{area}/; shared reference data (periods, laws,
# municipalities) under id/ so that two counties share one IRI for one thing.
TEMPLATES: dict[str, IriTemplate] = {
    t.kind: t
    for t in (
        _t("document", "id/{area}/asiakirja/{key}", "strategia-2026-2029"),
        _t("section", "id/{area}/osio/{key}", "strategia-visio"),
        _t("scheme", "id/{area}/kaavio/{key}", "teemat"),
        _t("concept", "id/{area}/kasite/{key}", "ikaantyneet"),
        _t("plan", "id/{area}/suunnitelma/{key}", "strategia-2026-2029"),
        _t("objective", "id/{area}/tavoite/{key}", "asukasta-varten"),
        _t("measure", "id/{area}/toimenpide/{key}", "liikkumislupaus"),
        _t("actor", "id/{area}/toimija/{key}", "aluevaltuusto"),
        _t("membership", "id/{area}/jasenyys/{key}", "jane-puheenjohtaja"),
        _t("duty", "id/{area}/velvoite/{key}", "hyvinvointikertomus"),
        _t("indicator", "id/{area}/mittari/{key}", "nps"),
        _t("observation", "id/{area}/havainto/{key}", "vaesto-2024"),
        _t("dataset", "id/{area}/tilastot/{key}", "havainnot"),
        _t("grant", "id/{area}/avustus/{key}", "toiminta-avustus"),
        _t("recommendation", "id/{area}/suositus/{key}", "suositus-1"),
        _t("monitoring", "id/{area}/seuranta/{key}", "aluevaltuusto-strategia"),
        _t("alignment", "id/{area}/kohdistus/{key}", "hyte-asukasta-varten"),
        _t("law", "id/laki/{key}", "612-2021-7"),
        _t("municipality", "id/kunta/{key}", "205", key_regex="[0-9]{3}"),
        _t(
            "period",
            "id/aika/{key}",
            "2026-2029",
            key_regex=r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?(--?[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?)?",
        ),
        _t("county-dataset", "id/{key}/aineisto", "kainuu"),
        _t("graph", "graph/{area}/{key}", "001-strategia"),
        _t("system-graph", "graph/{key}", "ontology"),
    )
}


def mint(kind: str, key: str, *, area: str = "", base: str = DEFAULT_BASE_IRI) -> URIRef:
    """Mint the IRI of `kind` for `key`; the single entry point the loaders use."""
    return TEMPLATES[kind].mint(key, area=area, base=base)


def finlex_act(year: int, number: int) -> URIRef:
    """The Finlex ELI IRI of a Finnish statute, e.g. 612/2021."""
    return URIRef(FINLEX_ACT.format(year=year, number=number))


def finlex_section(act: URIRef, section: str, chapter: str | None) -> URIRef:
    """A section's Finlex ELI IRI; only called when the chapter is known (or the act has none)."""
    if chapter:
        return URIRef(f"{act}/luku/{chapter}/pykala/{section}")
    return URIRef(f"{act}/pykala/{section}")


def eu_regulation(year: int, number: int) -> URIRef:
    return URIRef(EU_REGULATION.format(year=year, number=number))
