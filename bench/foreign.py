"""A conservation graph in a vocabulary that is not wildkg's (schema.org and a made-up
monitoring namespace): observations of animals at sites, by people, in projects. Every resource
is typed and labelled with schema:name; nothing uses wildkg terms. For tests and benchmarks of
"any RDF draws" (issue 14)."""

from __future__ import annotations

import random

from rdflib import RDF, Graph, Literal, Namespace, URIRef

SDO = Namespace("https://schema.org/")
MON = Namespace("http://example.org/monitoring/")
DATA = "http://example.org/monitoring/data/"


def foreign_graph(resources: int, seed: int = 7) -> Graph:
    """``resources`` typed, labelled resources: 70 % observations, the rest sites, people,
    projects and animals (taxon-like), linked the way a monitoring database would be."""
    rng = random.Random(seed)
    g = Graph()
    g.bind("schema", SDO)
    g.bind("mon", MON)
    g.add((MON.Observation, SDO.name, Literal("Observation")))
    n_sites, n_people, n_projects = resources // 10, resources // 20, max(resources // 200, 1)
    n_animals = resources // 10
    n_obs = resources - n_sites - n_people - n_projects - n_animals
    groups = ((MON.Site, "site", n_sites), (SDO.Person, "person", n_people),
              (SDO.ResearchProject, "project", n_projects), (MON.Animal, "animal", n_animals))
    ids: dict[str, list[URIRef]] = {}
    for cls, name, count in groups:
        ids[name] = [URIRef(f"{DATA}{name}/{i}") for i in range(count)]
        for i, iri in enumerate(ids[name]):
            g.add((iri, RDF.type, cls))
            g.add((iri, SDO.name, Literal(f"{name} {i}")))
    for i in range(n_obs):
        obs = URIRef(f"{DATA}observation/{i}")
        g.add((obs, RDF.type, MON.Observation))
        g.add((obs, SDO.name, Literal(f"observation {i}")))
        g.add((obs, MON.atSite, rng.choice(ids["site"])))
        g.add((obs, MON.ofAnimal, rng.choice(ids["animal"])))
        g.add((obs, MON.recordedBy, rng.choice(ids["person"])))
    for person in ids["person"]:
        g.add((person, SDO.memberOf, rng.choice(ids["project"])))
    return g
