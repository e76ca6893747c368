"""The county tables: which tables exist, their Finnish columns, what each means, how it maps.

This module is the contract between planners' spreadsheets, the loader, the template
workbook and the documentation: every column is declared once here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from rdflib import RDFS, URIRef

from ontology.namespaces import (
    CV,
    DCT,
    ELI,
    LANKA,
    ORG,
    PROV,
    QB,
    SCHEMA,
    SDMX_DIMENSION,
    SDMX_MEASURE,
    SKOS,
)


class ColumnType(Enum):
    KEY = "avain"  # the row's stable key: lower-case letters, digits and hyphens
    TEXT_FI = "teksti-fi"  # Finnish text
    TEXT_EN = "teksti-en"  # English text
    TEXT = "teksti"  # text without a language (codes, numbers as written)
    LABELS = "nimet"  # other names: "name@lang; name@lang"
    REF = "viite"  # one key of another row
    REFS = "viitteet"  # keys separated by ";"
    ENUM = "luettelo"  # one value from a fixed list
    PERIOD = "aika"  # 2024, 2026-2029, 2025-06, 2025-06-01, 2025-01-01--2025-12-31
    DATE = "paivays"  # 2025, 2025-06 or 2025-06-01
    DECIMAL = "desimaali"
    INTEGER = "kokonaisluku"


@dataclass(frozen=True)
class Column:
    name: str
    meaning: str
    type: ColumnType
    predicate: URIRef | None = None
    required: bool = False
    targets: tuple[str, ...] = ()  # tables a reference may point to
    choices: dict[str, URIRef] = field(default_factory=dict)

    @property
    def polymorphic(self) -> bool:
        """A reference to more than one table is written `table:key`."""
        return len(self.targets) > 1


@dataclass(frozen=True)
class Table:
    name: str
    meaning: str
    iri_kind: str
    columns: tuple[Column, ...]
    rdf_class: URIRef | None = None  # fixed class; otherwise `laji` chooses it
    cites_source: bool = True

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def required(self) -> list[str]:
        return [c.name for c in self.columns if c.required]


def _key() -> Column:
    return Column("avain", "stable key of the row (a-z, 0-9, -)", ColumnType.KEY, required=True)


def _name(required: bool = True) -> Column:
    return Column(
        "nimi",
        "name in Finnish, as the document gives it",
        ColumnType.TEXT_FI,
        RDFS.label,
        required=required,
    )


def _name_en() -> Column:
    return Column("nimi_en", "name in English", ColumnType.TEXT_EN, RDFS.label)


def _description() -> Column:
    return Column(
        "kuvaus", "description in Finnish, own words", ColumnType.TEXT_FI, DCT.description
    )


def _description_en() -> Column:
    return Column("kuvaus_en", "description in English", ColumnType.TEXT_EN, DCT.description)


def _labels() -> Column:
    return Column(
        "muut_nimet",
        "other names and abbreviations: name@lang; name@lang",
        ColumnType.LABELS,
        SKOS.altLabel,
    )


def _source() -> Column:
    return Column(
        "lahde",
        "source sections (keys of table osiot) the row rests on",
        ColumnType.REFS,
        PROV.wasDerivedFrom,
        required=True,
        targets=("osiot",),
    )


def _legal_basis() -> Column:
    return Column(
        "lakiperusta",
        "acts or sections the thing rests on (keys of table lait)",
        ColumnType.REFS,
        CV.hasLegalResource,
        targets=("lait",),
    )


def _period(predicate: URIRef = DCT.temporal, meaning: str = "period") -> Column:
    return Column("kausi", meaning, ColumnType.PERIOD, predicate)


# Tables any reference column of type "anything" may name.
ANY = (
    "suunnitelmat",
    "tavoitteet",
    "toimenpiteet",
    "toimijat",
    "jasenyydet",
    "lait",
    "velvoitteet",
    "mittarit",
    "havainnot",
    "avustukset",
    "suositukset",
    "kasitteet",
    "seuranta",
)

PLAN_KINDS = {
    "strategia": LANKA.Strategy,
    "suunnitelma": LANKA.Plan,
    "ohjelma": LANKA.Programme,
    "toimintamalli": LANKA.OperatingModel,
}

OBJECTIVE_KINDS = {
    "visio": LANKA.Vision,
    "perustehtava": LANKA.Mission,
    "arvo": LANKA.Value,
    "painopiste": LANKA.Priority,
    "paatavoite": LANKA.MainObjective,
    "tavoite": LANKA.Objective,
    "mahdollistaja": LANKA.Enabler,
    "kansallinen-tavoite": LANKA.NationalObjective,
}

ACTOR_KINDS = {
    "hyvinvointialue": LANKA.WellbeingServicesCounty,
    "aluevaltuusto": LANKA.RegionalCouncil,
    "aluehallitus": LANKA.RegionalBoard,
    "valiokunta": LANKA.Committee,
    "vaikuttamistoimielin": LANKA.InfluenceBody,
    "neuvottelukunta": LANKA.AdvisoryBoard,
    "tyoryhma": LANKA.WorkingGroup,
    "ohjausryhma": LANKA.SteeringGroup,
    "verkosto": LANKA.Network,
    "foorumi": LANKA.Forum,
    "toimialue": LANKA.ServiceDomain,
    "yksikko": LANKA.OrganisationalUnit,
    "virka": LANKA.Post,
    "jarjesto": LANKA.NGO,
    "kattojarjesto": LANKA.UmbrellaOrganisation,
    "kunta": LANKA.Municipality,
    "viranomainen": LANKA.PublicAuthority,
    "oppilaitos": LANKA.EducationalInstitution,
    "seurakunta": LANKA.Parish,
    "yritys": LANKA.Company,
    "rahoittaja": LANKA.Funder,
    "hanke": LANKA.Project,
    "alue": LANKA.Area,
}

# The actor kinds as SKOS concepts (org:classification), declared in the ontology.
ACTOR_KIND_CONCEPTS = {kind: LANKA[f"kind-{kind}"] for kind in ACTOR_KINDS}

ROLES = {
    "jasen": LANKA["role-member"],
    "puheenjohtaja": LANKA["role-chair"],
    "varapuheenjohtaja": LANKA["role-vice-chair"],
    "sihteeri": LANKA["role-secretary"],
    "asiantuntija": LANKA["role-expert"],
    "varajasen": LANKA["role-deputy"],
    "koordinaattori": LANKA["role-coordinator"],
    "edustaja": LANKA["role-representative"],
    "rahoittaja": LANKA["role-funder"],
}

LAW_KINDS = {
    "laki": LANKA.Act,
    "asetus": LANKA.Regulation,
    "pykala": LANKA.Section,
}

DIRECTIONS = {
    "kasvu": LANKA.HigherIsBetter,
    "lasku": LANKA.LowerIsBetter,
    "tavoitetaso": LANKA.TargetLevel,
}

OBSERVATION_ROLES = {
    "havainto": LANKA.Observed,
    "lahtotaso": LANKA.Baseline,
    "tavoite": LANKA.Target,
    "ennuste": LANKA.Forecast,
}

MEASURE_STATUSES = {
    "suunniteltu": SCHEMA.PotentialActionStatus,
    "kaynnissa": SCHEMA.ActiveActionStatus,
    "toteutettu": SCHEMA.CompletedActionStatus,
}

RECOMMENDATION_STATUSES = {
    "kaynnistetty": LANKA["status-started"],
    "ei-kaynnistetty": LANKA["status-not-started"],
    "toteutettu": LANKA["status-completed"],
    "ei-tietoa": LANKA["status-unknown"],
}

SCHEME_KINDS = {
    "teema": LANKA.Theme,
    "painoalue": LANKA.FocusArea,
    "kohderyhma": LANKA.PopulationGroup,
    "avustuskriteeri": LANKA.GrantCriterion,
    "muu": SKOS.Concept,
}

ALIGNMENT_RELATIONS = {
    "edistaa": LANKA.contributesTo,
    "toteuttaa": LANKA.servesObjective,
}

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "asiakirjat",
            "source documents",
            "document",
            (
                _key(),
                Column(
                    "nimi",
                    "title as the document gives it",
                    ColumnType.TEXT_FI,
                    DCT.title,
                    required=True,
                ),
                Column("nimi_en", "title in English", ColumnType.TEXT_EN, DCT.title),
                Column(
                    "julkaisija",
                    "publisher (key of table toimijat)",
                    ColumnType.REF,
                    DCT.publisher,
                    targets=("toimijat",),
                ),
                Column("julkaistu", "date or year of the document", ColumnType.DATE, DCT.issued),
                Column(
                    "tiedosto", "file the text was read from", ColumnType.TEXT, LANKA.sourceFile
                ),
                _description(),
            ),
            rdf_class=LANKA.SourceDocument,
            cites_source=False,
        ),
        Table(
            "osiot",
            "sections of source documents (headings, question numbers)",
            "section",
            (
                _key(),
                Column(
                    "asiakirja",
                    "document (key of table asiakirjat)",
                    ColumnType.REF,
                    DCT.isPartOf,
                    required=True,
                    targets=("asiakirjat",),
                ),
                Column(
                    "otsikko",
                    "heading as the document gives it",
                    ColumnType.TEXT_FI,
                    DCT.title,
                    required=True,
                ),
                Column(
                    "numero", "section or question number", ColumnType.TEXT, LANKA.sectionNumber
                ),
            ),
            rdf_class=LANKA.DocumentSection,
            cites_source=False,
        ),
        Table(
            "kaaviot",
            "concept schemes (themes, focus areas, population groups, ...)",
            "scheme",
            (
                _key(),
                _name(),
                _name_en(),
                Column(
                    "luokka",
                    "kind of the scheme's concepts",
                    ColumnType.ENUM,
                    required=True,
                    choices=SCHEME_KINDS,
                ),
                _description(),
                _source(),
            ),
            rdf_class=SKOS.ConceptScheme,
        ),
        Table(
            "kasitteet",
            "concepts: themes, focus areas, population groups, criteria",
            "concept",
            (
                _key(),
                Column(
                    "kaavio",
                    "scheme (key of table kaaviot)",
                    ColumnType.REF,
                    SKOS.inScheme,
                    required=True,
                    targets=("kaaviot",),
                ),
                _name(),
                _name_en(),
                _description(),
                _description_en(),
                Column(
                    "ylempi",
                    "broader concept (key of table kasitteet)",
                    ColumnType.REF,
                    SKOS.broader,
                    targets=("kasitteet",),
                ),
                Column("jarjestys", "position in its list", ColumnType.INTEGER, LANKA.order),
                _labels(),
                _source(),
            ),
        ),
        Table(
            "suunnitelmat",
            "strategies, plans, programmes and operating models",
            "plan",
            (
                _key(),
                Column("laji", "kind", ColumnType.ENUM, required=True, choices=PLAN_KINDS),
                _name(),
                _name_en(),
                _description(),
                _description_en(),
                _period(meaning="plan period"),
                Column(
                    "osa",
                    "larger plan this one is part of or merged into",
                    ColumnType.REF,
                    DCT.isPartOf,
                    targets=("suunnitelmat",),
                ),
                Column(
                    "perustuu",
                    "plans and programmes this one draws on",
                    ColumnType.REFS,
                    LANKA.drawsOn,
                    targets=("suunnitelmat",),
                ),
                Column(
                    "korvaa",
                    "plan this one replaces",
                    ColumnType.REF,
                    DCT.replaces,
                    targets=("suunnitelmat",),
                ),
                Column(
                    "laatija",
                    "who prepared it",
                    ColumnType.REFS,
                    DCT.creator,
                    targets=("toimijat",),
                ),
                Column(
                    "hyvaksyja",
                    "who approves it",
                    ColumnType.REF,
                    LANKA.approvedBy,
                    targets=("toimijat",),
                ),
                _legal_basis(),
                Column(
                    "asiakirja",
                    "document that sets it out",
                    ColumnType.REF,
                    LANKA.documentedIn,
                    targets=("asiakirjat",),
                ),
                _labels(),
                _source(),
            ),
        ),
        Table(
            "tavoitteet",
            "vision, mission, values, priorities, objectives, enablers",
            "objective",
            (
                _key(),
                Column("laji", "kind", ColumnType.ENUM, required=True, choices=OBJECTIVE_KINDS),
                Column(
                    "suunnitelma",
                    "plan or strategy it belongs to",
                    ColumnType.REF,
                    SKOS.inScheme,
                    required=True,
                    targets=("suunnitelmat",),
                ),
                _name(),
                _name_en(),
                _description(),
                _description_en(),
                Column(
                    "ylempi",
                    "broader element in the same plan",
                    ColumnType.REF,
                    SKOS.broader,
                    targets=("tavoitteet",),
                ),
                Column(
                    "edistaa",
                    "objectives of other plans it contributes to (stated)",
                    ColumnType.REFS,
                    LANKA.contributesTo,
                    targets=("tavoitteet",),
                ),
                Column(
                    "arvio",
                    "the county's account of it, own words",
                    ColumnType.TEXT_FI,
                    LANKA.countyAccount,
                ),
                Column("jarjestys", "position in its list", ColumnType.INTEGER, LANKA.order),
                _labels(),
                _source(),
            ),
        ),
        Table(
            "toimenpiteet",
            "measures (actions) of plans",
            "measure",
            (
                _key(),
                Column(
                    "suunnitelma",
                    "plan it belongs to",
                    ColumnType.REF,
                    DCT.isPartOf,
                    required=True,
                    targets=("suunnitelmat",),
                ),
                _name(),
                _name_en(),
                _description(),
                _description_en(),
                Column(
                    "tavoitteet",
                    "objectives it serves",
                    ColumnType.REFS,
                    LANKA.servesObjective,
                    targets=("tavoitteet",),
                ),
                Column(
                    "teemat",
                    "themes and focus areas",
                    ColumnType.REFS,
                    LANKA.theme,
                    targets=("kasitteet",),
                ),
                Column(
                    "kohderyhmat",
                    "population groups",
                    ColumnType.REFS,
                    LANKA.populationGroup,
                    targets=("kasitteet",),
                ),
                Column(
                    "omistajat",
                    "owners: bodies, units or posts",
                    ColumnType.REFS,
                    LANKA.owner,
                    targets=("toimijat",),
                ),
                Column(
                    "osallistujat",
                    "partners taking part",
                    ColumnType.REFS,
                    LANKA.participant,
                    targets=("toimijat",),
                ),
                Column(
                    "mittarit",
                    "indicators that show progress",
                    ColumnType.REFS,
                    LANKA.indicator,
                    targets=("mittarit",),
                ),
                _legal_basis(),
                Column(
                    "tila", "status", ColumnType.ENUM, SCHEMA.actionStatus, choices=MEASURE_STATUSES
                ),
                _period(),
                _labels(),
                _source(),
            ),
            rdf_class=LANKA.Measure,
        ),
        Table(
            "toimijat",
            "bodies, organisations, units, posts, NGOs, municipalities",
            "actor",
            (
                _key(),
                Column("laji", "kind", ColumnType.ENUM, required=True, choices=ACTOR_KINDS),
                _name(),
                _name_en(),
                _description(),
                _description_en(),
                # emitted as org:subOrganizationOf, org:unitOf or org:postIn by kind
                Column(
                    "ylaorganisaatio",
                    "organisation it belongs to (a post: where it is held)",
                    ColumnType.REF,
                    targets=("toimijat",),
                ),
                _legal_basis(),
                Column(
                    "tunnus",
                    "official code: municipality code, business id",
                    ColumnType.TEXT,
                    ORG.identifier,
                ),
                Column(
                    "kokoontuminen",
                    "how often it meets",
                    ColumnType.TEXT_FI,
                    LANKA.meetingFrequency,
                ),
                Column("paikat", "number of seats", ColumnType.INTEGER, LANKA.seatCount),
                _period(LANKA.term, "term of office"),
                _labels(),
                _source(),
            ),
        ),
        Table(
            "jasenyydet",
            "memberships and seats",
            "membership",
            (
                _key(),
                Column(
                    "organisaatio",
                    "body (key of table toimijat)",
                    ColumnType.REF,
                    ORG.organization,
                    required=True,
                    targets=("toimijat",),
                ),
                Column(
                    "jasen",
                    "member (key of table toimijat)",
                    ColumnType.REF,
                    ORG.member,
                    targets=("toimijat",),
                ),
                Column("rooli", "role", ColumnType.ENUM, ORG.role, choices=ROLES),
                Column(
                    "paikka", "seat as the document describes it", ColumnType.TEXT_FI, LANKA.seat
                ),
                _period(ORG.memberDuring, "term"),
                _source(),
            ),
            rdf_class=ORG.Membership,
        ),
        Table(
            "lait",
            "acts, regulations and their sections",
            "law",
            (
                _key(),
                Column("laji", "kind", ColumnType.ENUM, required=True, choices=LAW_KINDS),
                _name(),
                _name_en(),
                Column(
                    "numero",
                    "number of the act: 612/2021, or EU 2016/679",
                    ColumnType.TEXT,
                    DCT.identifier,
                ),
                Column(
                    "osa",
                    "act a section belongs to (key of table lait)",
                    ColumnType.REF,
                    ELI.is_part_of,
                    targets=("lait",),
                ),
                Column("pykala", "section number (§)", ColumnType.TEXT, ELI.id_local),
                Column("luku", "chapter number when the document gives it", ColumnType.TEXT),
                _description(),
                _source(),
            ),
        ),
        Table(
            "velvoitteet",
            "legal duties: what a section requires and what fulfils it",
            "duty",
            (
                _key(),
                _name(),
                _name_en(),
                _description(),
                Column(
                    "laki",
                    "acts or sections that set the duty",
                    ColumnType.REFS,
                    CV.hasLegalResource,
                    required=True,
                    targets=("lait",),
                ),
                Column(
                    "velvollinen",
                    "who bears the duty",
                    ColumnType.REFS,
                    LANKA.dutyHolder,
                    targets=("toimijat",),
                ),
                Column(
                    "tayttaa",
                    "what fulfils it: table:key; table:key",
                    ColumnType.REFS,
                    LANKA.fulfilledBy,
                    targets=ANY,
                ),
                _source(),
            ),
            rdf_class=LANKA.LegalDuty,
        ),
        Table(
            "mittarit",
            "indicators and metrics",
            "indicator",
            (
                _key(),
                _name(),
                _name_en(),
                _description(),
                _description_en(),
                Column("yksikko", "unit of measure", ColumnType.TEXT_FI, LANKA.unit),
                Column(
                    "suunta",
                    "which direction is better",
                    ColumnType.ENUM,
                    LANKA.direction,
                    choices=DIRECTIONS,
                ),
                Column(
                    "tietolahde", "where the data comes from", ColumnType.TEXT_FI, LANKA.dataSource
                ),
                Column(
                    "sotkanet",
                    "THL Sotkanet indicator id (becomes skos:exactMatch)",
                    ColumnType.TEXT,
                ),
                Column(
                    "palvelee",
                    "objectives or priorities whose progress it shows",
                    ColumnType.REFS,
                    LANKA.measuresProgressOf,
                    targets=("tavoitteet",),
                ),
                _labels(),
                _source(),
            ),
            rdf_class=LANKA.Indicator,
        ),
        Table(
            "havainnot",
            "observed values, baselines and targets",
            "observation",
            (
                _key(),
                Column(
                    "mittari",
                    "indicator",
                    ColumnType.REF,
                    QB.measureType,
                    required=True,
                    targets=("mittarit",),
                ),
                Column(
                    "alue",
                    "area: county, municipality or country",
                    ColumnType.REF,
                    SDMX_DIMENSION.refArea,
                    required=True,
                    targets=("toimijat",),
                ),
                Column(
                    "kausi", "period", ColumnType.PERIOD, SDMX_DIMENSION.refPeriod, required=True
                ),
                Column("arvo", "value", ColumnType.DECIMAL, SDMX_MEASURE.obsValue, required=True),
                Column(
                    "yksikko",
                    "unit when it differs from the indicator's",
                    ColumnType.TEXT_FI,
                    LANKA.unit,
                ),
                Column(
                    "rooli",
                    "observed value, baseline, target or forecast",
                    ColumnType.ENUM,
                    LANKA.observationRole,
                    required=True,
                    choices=OBSERVATION_ROLES,
                ),
                Column(
                    "ryhma",
                    "population group",
                    ColumnType.REF,
                    LANKA.populationGroup,
                    targets=("kasitteet",),
                ),
                Column(
                    "kohde",
                    "what the figure is about: table:key",
                    ColumnType.REF,
                    LANKA.concerns,
                    targets=ANY,
                ),
                Column("huomautus", "note in Finnish", ColumnType.TEXT_FI, RDFS.comment),
                _source(),
            ),
            rdf_class=QB.Observation,
        ),
        Table(
            "avustukset",
            "grant programmes",
            "grant",
            (
                _key(),
                _name(),
                _name_en(),
                _description(),
                Column(
                    "myontaja",
                    "who grants it",
                    ColumnType.REF,
                    LANKA.grantor,
                    targets=("toimijat",),
                ),
                Column("summa", "yearly sum in euros", ColumnType.DECIMAL, LANKA.annualAmount),
                _period(),
                Column(
                    "kriteerit",
                    "criteria (keys of table kasitteet)",
                    ColumnType.REFS,
                    LANKA.criterion,
                    targets=("kasitteet",),
                ),
                Column(
                    "saajat", "recipients", ColumnType.REFS, LANKA.recipient, targets=("toimijat",)
                ),
                Column(
                    "tukee",
                    "what it supports: table:key",
                    ColumnType.REFS,
                    LANKA.supports,
                    targets=ANY,
                ),
                _source(),
            ),
            rdf_class=LANKA.GrantProgramme,
        ),
        Table(
            "suositukset",
            "ministry recommendations and the county's response",
            "recommendation",
            (
                _key(),
                _name(),
                _name_en(),
                Column(
                    "antaja", "who issued it", ColumnType.REF, LANKA.issuedBy, targets=("toimijat",)
                ),
                Column(
                    "tavoite",
                    "national objective it concerns",
                    ColumnType.REF,
                    LANKA.relatesToObjective,
                    targets=("tavoitteet",),
                ),
                Column(
                    "vastaus",
                    "the county's response, own words",
                    ColumnType.TEXT_FI,
                    LANKA.response,
                ),
                Column(
                    "tila", "status", ColumnType.ENUM, LANKA.status, choices=RECOMMENDATION_STATUSES
                ),
                Column(
                    "toimenpiteet",
                    "measures that answer it",
                    ColumnType.REFS,
                    LANKA.answeredBy,
                    targets=("toimenpiteet",),
                ),
                _source(),
            ),
            rdf_class=LANKA.Recommendation,
        ),
        Table(
            "seuranta",
            "who monitors what, how and how often",
            "monitoring",
            (
                _key(),
                _name(),
                _name_en(),
                Column(
                    "seuraaja",
                    "who monitors",
                    ColumnType.REFS,
                    LANKA.monitoredBy,
                    required=True,
                    targets=("toimijat",),
                ),
                Column(
                    "kohde",
                    "what is monitored: table:key",
                    ColumnType.REFS,
                    LANKA.monitors,
                    required=True,
                    targets=ANY,
                ),
                Column("tiheys", "how often", ColumnType.TEXT_FI, LANKA.frequency),
                Column("tapa", "how", ColumnType.TEXT_FI, LANKA.method),
                _source(),
            ),
            rdf_class=LANKA.MonitoringArrangement,
        ),
        Table(
            "kohdistukset",
            "curated alignments: links the documents do not state",
            "alignment",
            (
                _key(),
                Column(
                    "mista",
                    "from: table:key",
                    ColumnType.REF,
                    LANKA.alignedFrom,
                    required=True,
                    targets=ANY,
                ),
                Column(
                    "mihin",
                    "to: table:key",
                    ColumnType.REF,
                    LANKA.alignedTo,
                    required=True,
                    targets=ANY,
                ),
                Column(
                    "suhde",
                    "relation",
                    ColumnType.ENUM,
                    LANKA.alignmentProperty,
                    required=True,
                    choices=ALIGNMENT_RELATIONS,
                ),
                Column(
                    "peruste",
                    "rationale in Finnish",
                    ColumnType.TEXT_FI,
                    LANKA.rationale,
                    required=True,
                ),
                _source(),
            ),
            rdf_class=LANKA.CuratedAlignment,
        ),
    )
}

# Tables in the order a workbook lists them and a loader reads them.
TABLE_ORDER: tuple[str, ...] = tuple(TABLES)

CLASS_BY_KIND_COLUMN: dict[str, dict[str, URIRef]] = {
    "suunnitelmat": PLAN_KINDS,
    "tavoitteet": OBJECTIVE_KINDS,
    "toimijat": ACTOR_KINDS,
    "lait": LAW_KINDS,
}
