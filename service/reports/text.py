"""Words of the reports and pages in Finnish and English, and how terms are shown.

Labels of the ontology's own terms (kinds, observation roles) come from the packaged
ontology, so a kind reads "Toimenpide" / "Measure" rather than `lanka:Measure`.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache

from rdflib import Literal, URIRef
from rdflib.namespace import RDFS

from ontology.namespaces import compact
from service.loading import packaged_graph

LANGS = ("fi", "en")

TEXT: dict[str, tuple[str, str]] = {
    # reports
    "traceability.title": ("Jäljitettävyysraportti", "Traceability report"),
    "actor.title": ("Toimijaraportti", "Actor report"),
    "contents": ("Sisällys", "Contents"),
    "about": ("Tietoja raportista", "About this report"),
    "dataset": ("Aineisto", "Dataset"),
    "version": ("versio", "version"),
    "digest": ("Sisällön tiiviste", "Content digest"),
    "digest.note": (
        "SHA-256 aineiston graafien lajitelluista N-Quads-riveistä; sama aineisto antaa saman "
        "tiivisteen",
        "SHA-256 of the sorted N-Quads lines of the data graphs; the same data gives the same "
        "digest",
    ),
    "graphs": ("graafia", "graphs"),
    "generated": ("Laadittu", "Generated"),
    "language": ("Kieli", "Language"),
    "query": ("Kysely", "Query"),
    "queries": ("Kyselyt", "Queries"),
    "rows": ("riviä", "rows"),
    "no.rows": ("ei rivejä", "no rows"),
    "yes": ("kyllä", "yes"),
    "no": ("ei", "no"),
    "all.plans": ("Kaikki suunnitelmat", "All plans"),
    "none": ("—", "—"),
    "formats": ("Muut muodot", "Other formats"),
    "reports": ("Raportit", "Reports"),
    # traceability sections
    "chain": ("Strategiasta toimenpiteisiin", "From strategy to measures"),
    "chain.intro": (
        "Jokaisesta strategian painopisteestä ja tavoitteesta ne suunnitelmien tavoitteet ja "
        "toimenpiteet, jotka toteuttavat sitä, toimenpiteiden vastuutahot, mittarit "
        "(viimeisin arvo, lähtötaso, tavoite) ja lakiperusta. Kuratoitu linkki on kohdistus, "
        "jota lähdeasiakirja ei sano suoraan; sen perustelu on kohdassa Lähteet.",
        "For each strategic priority and objective, the plan objectives and measures that "
        "implement it, with each measure's owners, indicators (latest value, baseline, "
        "target) and legal basis. A curated link is an alignment the source document does not "
        "state in so many words; its rationale is under Sources.",
    ),
    "chain.table": ("Jäljitettävyysketju", "Traceability chain"),
    "chain.nothing": (
        "ei suunnitelman tavoitteita eikä toimenpiteitä",
        "no plan objectives and no measures",
    ),
    "indicators.table": (
        "Mittarit: viimeisin arvo, lähtötaso ja tavoite",
        "Indicators: latest value, baseline and target",
    ),
    "latest": ("viimeisin", "latest"),
    "baseline": ("lähtötaso", "baseline"),
    "target": ("tavoite", "target"),
    "gaps": ("Puutteet", "Gaps"),
    "gaps.intro": (
        "Mitä aineistosta puuttuu: ensin SHACL-validoinnin tulokset muodoittain, sitten "
        "puutekyselyt ja niiden rivit. Tyhjä taulukko tarkoittaa, ettei puutteita löytynyt.",
        "What the data lacks: first the SHACL validation results per shape, then the gap "
        "queries and their rows. An empty table means no gap was found.",
    ),
    "validation.table": ("SHACL-validointi muodoittain", "SHACL validation per shape"),
    "validation.note": (
        "Muodot tietovaraston shapes-graafista; moottori {engine}.",
        "Shapes from the store's shapes graph; engine {engine}.",
    ),
    "validation.owners": ("SHACL-validointi vastuutahoittain", "SHACL validation per owner"),
    "no.owner": ("ei vastuutahoa", "no owner"),
    "gap.summary": ("Puutteet lajeittain", "Gaps per kind"),
    "coverage": ("Kattavuus", "Coverage"),
    "coverage.intro": (
        "Kuinka suuri osa toimenpiteistä on vastuutahollisia, mittarillisia ja "
        "tavoitteellisia; toimenpiteet väestöryhmittäin ja teemoittain; ryhmät ja teemat, "
        "joilla ei ole toimenpiteitä.",
        "The share of measures with an owner, a metric and a target; measures per population "
        "group and theme; groups and themes with no measure.",
    ),
    "shares.table": ("Osuudet suunnitelmittain", "Shares per plan"),
    "groups.table": (
        "Toimenpiteet väestöryhmittäin ja teemoittain",
        "Measures per population group and theme",
    ),
    "uncovered.table": (
        "Ryhmät ja teemat ilman toimenpiteitä",
        "Groups and themes without measures",
    ),
    "sources": ("Lähteet", "Sources"),
    "sources.intro": (
        "Asiakirjat, joista tiedot ovat, kuratoidut kohdistukset perusteluineen ja jokaisen "
        "ketjun osan asiakirjan kohta.",
        "The documents the statements come from, the curated alignments with their rationale, "
        "and the document section of every part of the chain.",
    ),
    "documents.table": ("Lähdeasiakirjat", "Source documents"),
    "curated.table": ("Kuratoidut kohdistukset", "Curated alignments"),
    "statements.table": ("Ketjun osien lähteet", "Sources of the parts of the chain"),
    # actor report
    "profile": ("Perustiedot", "Profile"),
    "profile.intro": ("Kuka toimija on.", "Who the actor is."),
    "portfolio": ("Salkku", "Portfolio"),
    "portfolio.intro": (
        "Mitä toimija omistaa, missä se on mukana tai jäsenenä, mitä se seuraa, hyväksyy tai saa.",
        "What the actor owns, takes part in or is a member of, monitors, approves or receives.",
    ),
    "portfolio.counts": ("Suhteet lajeittain", "Relations per kind"),
    "portfolio.table": ("Salkku", "Portfolio"),
    "objectives": ("Tavoitteet, joita toimija palvelee", "Objectives the actor serves"),
    "objectives.intro": (
        "Strategian, suunnitelmien ja valtakunnalliset tavoitteet, joita toimija palvelee "
        "toimenpiteidensä kautta.",
        "The strategy's, the plans' and national objectives the actor serves through its measures.",
    ),
    "legal": ("Lakiperusta", "Legal basis"),
    "legal.intro": (
        "Lait ja pykälät, joihin toimija itse perustuu, velvoitteet, joita se kantaa tai "
        "täyttää, ja sen toimenpiteiden lakiperusta.",
        "The acts and sections the actor itself rests on, the duties it bears or fulfils, and "
        "the legal basis of its measures.",
    ),
    "legal.own": ("Toimijan oma lakiperusta", "The actor's own legal basis"),
    "legal.measures": ("Toimenpiteiden lakiperusta", "Legal basis of its measures"),
    "actor.sources": ("Lähteet", "Sources"),
    "actor.sources.intro": (
        "Jokainen toimijaa koskeva tieto, graafi, jossa se on, ja asiakirjan kohta.",
        "Every statement about the actor, the graph that holds it and the document section.",
    ),
    "actor.statements": ("Tiedot ja niiden lähteet", "Statements and their sources"),
    "field": ("Tieto", "Field"),
    "value": ("Arvo", "Value"),
    "count": ("Määrä", "Count"),
}

COLUMNS: dict[str, tuple[str, str]] = {
    "priority": ("Painopiste", "Priority"),
    "strategicObjective": ("Strategian tavoite", "Strategic objective"),
    "planObjective": ("Suunnitelman tavoite", "Plan objective"),
    "curated": ("Kuratoitu", "Curated"),
    "measure": ("Toimenpide", "Measure"),
    "owners": ("Vastuutahot", "Owners"),
    "owner": ("Vastuutaho", "Owner"),
    "indicators": ("Mittarit", "Indicators"),
    "indicator": ("Mittari", "Indicator"),
    "legalBasis": ("Lakiperusta", "Legal basis"),
    "area": ("Alue", "Area"),
    "latest": ("Viimeisin arvo", "Latest value"),
    "latestPeriod": ("Ajanjakso", "Period"),
    "baseline": ("Lähtötaso", "Baseline"),
    "baselinePeriod": ("Lähtötason ajanjakso", "Baseline period"),
    "target": ("Tavoitetaso", "Target"),
    "targetPeriod": ("Tavoitteen ajanjakso", "Target period"),
    "unit": ("Yksikkö", "Unit"),
    "plan": ("Suunnitelma", "Plan"),
    "source": ("Lähde", "Source"),
    "kind": ("Laji", "Kind"),
    "objective": ("Tavoite", "Objective"),
    "body": ("Toimielin", "Body"),
    "recommendation": ("Suositus", "Recommendation"),
    "hasBaseline": ("Lähtötaso", "Baseline"),
    "hasTarget": ("Tavoite", "Target"),
    "hasData": ("Havaintoja", "Data"),
    "hasResponse": ("Vastaus", "Response"),
    "hasStatus": ("Tila", "Status"),
    "measures": ("Toimenpiteitä", "Measures"),
    "withOwner": ("Vastuutaho", "With owner"),
    "ownerShare": ("Vastuutaho %", "Owner %"),
    "withIndicator": ("Mittari", "With metric"),
    "indicatorShare": ("Mittari %", "Metric %"),
    "withTarget": ("Tavoitetaso", "With target"),
    "targetShare": ("Tavoitetaso %", "Target %"),
    "withoutOwner": ("Ilman vastuutahoa", "Without owner"),
    "withoutIndicator": ("Ilman mittaria", "Without metric"),
    "group": ("Väestöryhmä", "Population group"),
    "theme": ("Teema", "Theme"),
    "concept": ("Käsite", "Concept"),
    "document": ("Asiakirja", "Document"),
    "publisher": ("Julkaisija", "Publisher"),
    "sections": ("Kohtia", "Sections"),
    "things": ("Asioita", "Things"),
    "alignment": ("Kohdistus", "Alignment"),
    "from": ("Mistä", "From"),
    "property": ("Ominaisuus", "Property"),
    "to": ("Mihin", "To"),
    "rationale": ("Perustelu", "Rationale"),
    "section": ("Asiakirjan kohta", "Document section"),
    "graph": ("Graafi", "Graph"),
    "entity": ("Asia", "Thing"),
    "relation": ("Suhde", "Relation"),
    "item": ("Kohde", "Item"),
    "itemKind": ("Laji", "Kind"),
    "via": ("Minkä kautta", "Via"),
    "law": ("Laki tai pykälä", "Act or section"),
    "act": ("Laki", "Act"),
    "thing": ("Asia", "Thing"),
    "value": ("Arvo", "Value"),
    "shape": ("Muoto", "Shape"),
    "severity": ("Vakavuus", "Severity"),
    "message": ("Viesti", "Message"),
    "results": ("Tuloksia", "Results"),
    "gap": ("Puute", "Gap"),
    "rowCount": ("Rivejä", "Rows"),
    "query": ("Kysely", "Query"),
    "description": ("Kuvaus", "Description"),
    "parent": ("Osa toimijaa", "Part of"),
    "actor": ("Toimija", "Actor"),
    "owns": ("Omistaa", "Owns"),
    "takesPart": ("Osallistuu", "Takes part"),
    "subject": ("Kohde", "Subject"),
}


def t(key: str, lang: str) -> str:
    fi, en = TEXT[key]
    return en if lang == "en" else fi


def column_label(key: str, lang: str) -> str:
    fi, en = COLUMNS.get(key, (key, key))
    return en if lang == "en" else fi


def bilingual(text: str, lang: str) -> str:
    """One half of an `"English / suomi"` value: the relations the named queries return
    ("owns / omistaa") put English first. (Query summaries put Finnish first: `summary_text`.)
    """
    english, slash, finnish = text.partition(" / ")
    if not slash:
        return text
    return english if lang == "en" else finnish


def summary_text(summary: str, lang: str) -> str:
    """A query summary "suomeksi / in English" in one language."""
    finnish, slash, english = summary.partition(" / ")
    if not slash:
        return summary
    return english if lang == "en" else finnish


@cache
def _ontology_labels() -> dict[tuple[str, str], str]:
    labels: dict[tuple[str, str], str] = {}
    for term, label in packaged_graph("ontology").subject_objects(RDFS.label):
        if isinstance(term, URIRef) and isinstance(label, Literal) and label.language:
            labels[(str(term), label.language)] = str(label)
    return labels


def term_label(iri: str, lang: str) -> str:
    """The ontology's label of an own term in the language, else the compact IRI."""
    return _ontology_labels().get((iri, lang)) or compact(iri)


def short_iri(iri: str, base: str) -> str:
    """A prefixed name, or the IRI without the deployment's base, for reading in a cell."""
    compacted = compact(iri)
    if compacted != iri:
        return compacted
    return iri[len(base) :] if iri.startswith(base) else iri


def format_number(value: int | Decimal, lang: str) -> str:
    """`66,7` in Finnish, `66.7` in English; integers and integral decimals without a point."""
    if isinstance(value, Decimal) and value == value.to_integral_value():
        value = int(value)
    text = str(value) if isinstance(value, int) else format(value.normalize(), "f")
    return text.replace(".", ",") if lang == "fi" else text
