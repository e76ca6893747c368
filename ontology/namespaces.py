"""The one prefix table of the project.

Every Turtle file, every SPARQL query and every serialisation uses these prefixes; a test
checks that each `.ttl` and `.rq` file agrees with this table.
"""

from __future__ import annotations

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DefinedNamespace

ONTOLOGY_IRI = "https://w3id.org/lanka/ontology"
LANKA_NS = ONTOLOGY_IRI + "#"
SHAPES_NS = "https://w3id.org/lanka/shapes#"
DEFAULT_BASE_IRI = "https://w3id.org/lanka/"

PREFIXES: dict[str, str] = {
    "lanka": LANKA_NS,
    "lankash": SHAPES_NS,
    "cpsv": "http://purl.org/vocab/cpsv#",
    "cv": "http://data.europa.eu/m8g/",
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "eli": "http://data.europa.eu/eli/ontology#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "org": "http://www.w3.org/ns/org#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": "http://www.w3.org/ns/prov#",
    "qb": "http://purl.org/linked-data/cube#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "schema": "https://schema.org/",
    "sd": "http://www.w3.org/ns/sparql-service-description#",
    "sdmx-attribute": "http://purl.org/linked-data/sdmx/2009/attribute#",
    "sdmx-dimension": "http://purl.org/linked-data/sdmx/2009/dimension#",
    "sdmx-measure": "http://purl.org/linked-data/sdmx/2009/measure#",
    "sh": "http://www.w3.org/ns/shacl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "spdx": "http://spdx.org/rdf/terms#",
    "time": "http://www.w3.org/2006/time#",
    "vann": "http://purl.org/vocab/vann/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

CPSV = Namespace(PREFIXES["cpsv"])
CV = Namespace(PREFIXES["cv"])
DCAT = Namespace(PREFIXES["dcat"])
DCT = Namespace(PREFIXES["dct"])
ELI = Namespace(PREFIXES["eli"])
ORG = Namespace(PREFIXES["org"])
PROV = Namespace(PREFIXES["prov"])
QB = Namespace(PREFIXES["qb"])
SCHEMA = Namespace(PREFIXES["schema"])
SD = Namespace(PREFIXES["sd"])
SDMX_ATTRIBUTE = Namespace(PREFIXES["sdmx-attribute"])
SDMX_DIMENSION = Namespace(PREFIXES["sdmx-dimension"])
SDMX_MEASURE = Namespace(PREFIXES["sdmx-measure"])
SKOS = Namespace(PREFIXES["skos"])
SPDX = Namespace(PREFIXES["spdx"])
TIME = Namespace(PREFIXES["time"])
VANN = Namespace(PREFIXES["vann"])


class LANKA(DefinedNamespace):
    """The project's own terms; an unknown name fails at import time, not in the data."""

    _NS = Namespace(LANKA_NS)
    _fail = True
    _extras = [  # noqa: RUF012 - rdflib reads this class attribute as a list
        "role-member",
        "role-chair",
        "role-vice-chair",
        "role-secretary",
        "role-expert",
        "role-deputy",
        "role-coordinator",
        "role-representative",
        "role-funder",
        "status-started",
        "status-not-started",
        "status-completed",
        "status-unknown",
        "kind-hyvinvointialue",
        "kind-aluevaltuusto",
        "kind-aluehallitus",
        "kind-valiokunta",
        "kind-vaikuttamistoimielin",
        "kind-neuvottelukunta",
        "kind-tyoryhma",
        "kind-ohjausryhma",
        "kind-verkosto",
        "kind-foorumi",
        "kind-toimialue",
        "kind-yksikko",
        "kind-virka",
        "kind-jarjesto",
        "kind-kattojarjesto",
        "kind-kunta",
        "kind-viranomainen",
        "kind-oppilaitos",
        "kind-seurakunta",
        "kind-yritys",
        "kind-rahoittaja",
        "kind-hanke",
        "kind-alue",
    ]

    # classes: strategy and plans
    Strategy: URIRef
    Plan: URIRef
    Programme: URIRef
    OperatingModel: URIRef
    Vision: URIRef
    Mission: URIRef
    Value: URIRef
    Priority: URIRef
    Objective: URIRef
    MainObjective: URIRef
    NationalObjective: URIRef
    Enabler: URIRef
    Theme: URIRef
    FocusArea: URIRef
    PopulationGroup: URIRef
    Measure: URIRef
    MonitoringArrangement: URIRef
    CuratedAlignment: URIRef
    # classes: indicators
    Indicator: URIRef
    Direction: URIRef
    ObservationRole: URIRef
    # individuals: directions and observation roles
    HigherIsBetter: URIRef
    LowerIsBetter: URIRef
    TargetLevel: URIRef
    Observed: URIRef
    Baseline: URIRef
    Target: URIRef
    Forecast: URIRef
    # classes: laws and duties
    Act: URIRef
    Regulation: URIRef
    Section: URIRef
    LegalDuty: URIRef
    # classes: actors
    Actor: URIRef
    WellbeingServicesCounty: URIRef
    RegionalCouncil: URIRef
    RegionalBoard: URIRef
    Committee: URIRef
    InfluenceBody: URIRef
    AdvisoryBoard: URIRef
    WorkingGroup: URIRef
    SteeringGroup: URIRef
    Network: URIRef
    Forum: URIRef
    ServiceDomain: URIRef
    OrganisationalUnit: URIRef
    Post: URIRef
    NGO: URIRef
    UmbrellaOrganisation: URIRef
    Municipality: URIRef
    PublicAuthority: URIRef
    EducationalInstitution: URIRef
    Parish: URIRef
    Company: URIRef
    Funder: URIRef
    Project: URIRef
    Area: URIRef
    ActorKind: URIRef
    Role: URIRef
    # classes: grants, recommendations, sources
    GrantProgramme: URIRef
    GrantCriterion: URIRef
    Recommendation: URIRef
    RecommendationStatus: URIRef
    SourceDocument: URIRef
    DocumentSection: URIRef
    # concept schemes of the fixed lists (their members are in _extras or above)
    ActorKinds: URIRef
    Directions: URIRef
    ObservationRoles: URIRef
    RecommendationStatuses: URIRef
    Roles: URIRef
    # properties
    contributesTo: URIRef
    servesObjective: URIRef
    owner: URIRef
    participant: URIRef
    indicator: URIRef
    theme: URIRef
    populationGroup: URIRef
    legalBasis: URIRef
    order: URIRef
    countyAccount: URIRef
    direction: URIRef
    unit: URIRef
    dataSource: URIRef
    measuresProgressOf: URIRef
    observationRole: URIRef
    concerns: URIRef
    meetingFrequency: URIRef
    seatCount: URIRef
    term: URIRef
    drawsOn: URIRef
    approvedBy: URIRef
    documentedIn: URIRef
    dutyHolder: URIRef
    fulfilledBy: URIRef
    grantor: URIRef
    annualAmount: URIRef
    criterion: URIRef
    recipient: URIRef
    supports: URIRef
    issuedBy: URIRef
    relatesToObjective: URIRef
    response: URIRef
    status: URIRef
    answeredBy: URIRef
    monitoredBy: URIRef
    monitors: URIRef
    frequency: URIRef
    method: URIRef
    alignedFrom: URIRef
    alignedTo: URIRef
    alignmentProperty: URIRef
    rationale: URIRef
    sourceFile: URIRef
    sectionNumber: URIRef
    key: URIRef
    seat: URIRef


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the project's prefixes over rdflib's defaults, so output reads the same."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, Namespace(iri), override=True, replace=True)
    return graph


def sparql_prologue(names: list[str] | None = None) -> str:
    """PREFIX lines for the given prefixes (all when None), in the table's order."""
    chosen = names if names is not None else list(PREFIXES)
    return "".join(f"PREFIX {name}: <{PREFIXES[name]}>\n" for name in chosen)


def compact(iri: str) -> str:
    """`lanka:Measure` for a full IRI in a known namespace; the IRI itself otherwise."""
    best = max(
        ((name, ns) for name, ns in PREFIXES.items() if iri.startswith(ns)),
        key=lambda item: len(item[1]),
        default=None,
    )
    if best is None:
        return iri
    return f"{best[0]}:{iri[len(best[1]) :]}"
