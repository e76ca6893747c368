"""The one prefix table of the project.

Every Turtle file, every SPARQL query and every serialisation uses these prefixes; a test
checks that each `.ttl` and `.rq` file agrees with this table.
"""

from __future__ import annotations

from rdflib import Graph, Namespace
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
    ]

    # classes: strategy and plans
    Strategy: object
    Plan: object
    Programme: object
    OperatingModel: object
    Vision: object
    Mission: object
    Value: object
    Priority: object
    Objective: object
    MainObjective: object
    NationalObjective: object
    Enabler: object
    Theme: object
    FocusArea: object
    PopulationGroup: object
    Measure: object
    MonitoringArrangement: object
    CuratedAlignment: object
    # classes: indicators
    Indicator: object
    Direction: object
    HigherIsBetter: object
    LowerIsBetter: object
    TargetLevel: object
    ObservationRole: object
    Observed: object
    Baseline: object
    Target: object
    Forecast: object
    # classes: laws and duties
    Act: object
    Regulation: object
    Section: object
    LegalDuty: object
    # classes: actors
    Actor: object
    WellbeingServicesCounty: object
    RegionalCouncil: object
    RegionalBoard: object
    Committee: object
    InfluenceBody: object
    AdvisoryBoard: object
    WorkingGroup: object
    SteeringGroup: object
    Network: object
    Forum: object
    ServiceDomain: object
    OrganisationalUnit: object
    Post: object
    NGO: object
    UmbrellaOrganisation: object
    Municipality: object
    PublicAuthority: object
    EducationalInstitution: object
    Parish: object
    Company: object
    Funder: object
    Project: object
    ActorKind: object
    Role: object
    # classes: grants, recommendations, sources
    GrantProgramme: object
    GrantCriterion: object
    Recommendation: object
    RecommendationStatus: object
    SourceDocument: object
    DocumentSection: object
    # properties
    contributesTo: object
    servesObjective: object
    owner: object
    participant: object
    indicator: object
    theme: object
    populationGroup: object
    legalBasis: object
    order: object
    countyAccount: object
    direction: object
    unit: object
    dataSource: object
    measuresProgressOf: object
    observationRole: object
    concerns: object
    meetingFrequency: object
    seatCount: object
    term: object
    drawsOn: object
    approvedBy: object
    documentedIn: object
    dutyHolder: object
    fulfilledBy: object
    grantor: object
    annualAmount: object
    criterion: object
    recipient: object
    supports: object
    issuedBy: object
    relatesToObjective: object
    response: object
    status: object
    answeredBy: object
    monitoredBy: object
    monitors: object
    frequency: object
    method: object
    alignedFrom: object
    alignedTo: object
    alignmentProperty: object
    rationale: object
    sourceFile: object
    sectionNumber: object
    key: object
    seat: object


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the project's prefixes, replacing rdflib's defaults, so output reads the same everywhere."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, Namespace(iri), override=True, replace=True)
    return graph


def sparql_prologue(names: list[str] | None = None) -> str:
    """PREFIX lines for the given prefixes (all when None), in the table's order."""
    chosen = names if names is not None else list(PREFIXES)
    return "".join(f"PREFIX {name}: <{PREFIXES[name]}>\n" for name in chosen)
