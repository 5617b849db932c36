"""Which focus nodes a change can affect: what to pass to ``validate_store(…, focus=…)``.

A shape's verdict on a node ``n`` reads (see ``ontology/shapes.ttl``):

- whether ``n`` is a target: its own types (and their superclasses), its own triples
  (``sh:targetSubjectsOf``), the triples pointing at it (``sh:targetObjectsOf``), and for the
  SPARQL targets the fact nodes pointing at it or its own fact node's triple;
- the values of its own triples (counts, datatypes, patterns, ``sh:hasValue``, ``sh:or``);
- the types of those values (``sh:class``, qualified value shapes);
- for a fact node, whether the triple it describes is in the graph; for a subject of a fact
  relation, whether the fact nodes about it describe each of its triples.

So after adding and removing triples, the nodes whose findings can change are:

1. every subject and object of an added or removed triple;
2. every node pointing at a subject of a changed triple (its value's types changed, or the
   fact node of a triple it describes changed);
3. every node a subject of a changed triple points at (a changed fact node triple changes the
   verdict on the fact's ``rdf:subject``);
4. if an ``rdfs:subClassOf`` triple changed: every instance of its subject class (and of that
   class's subclasses), and every node pointing at one of them.

:func:`affected_focus` computes that set on the store AFTER the change (``tests/build/
test_focus.py`` checks, after random edits of a valid graph, that validating only these nodes
finds exactly what a full validation finds). A change to ``shapes.ttl`` itself needs a full run.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from wildkg.build.shapes import Term

_SUBCLASS = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf")
_DEFAULT = ox.DefaultGraph()


def affected_focus(store: ox.Store, added: Iterable[ox.Triple | ox.Quad],
                   removed: Iterable[ox.Triple | ox.Quad]) -> set[Term]:
    """The focus nodes whose findings can differ after ``added`` and ``removed`` (``store`` as
    it is after the change): pass them to ``validate_store(store, shapes, focus=…)``."""
    nodes: set[Term] = set()
    subjects: set[ox.NamedNode | ox.BlankNode] = set()
    classes: set[ox.NamedNode | ox.BlankNode] = set()
    for t in (*added, *removed):
        s, o = t.subject, t.object
        if isinstance(s, ox.Triple):
            continue  # RDF-star quoted triples: no shape of ours reads them
        subjects.add(s)
        nodes.add(s)
        if isinstance(o, Term):
            nodes.add(o)
        if t.predicate == _SUBCLASS:
            classes.add(s)
    instances = _instances(store, classes)
    nodes |= instances
    for s in subjects | instances:
        nodes.update(q.subject for q in store.quads_for_pattern(None, None, s, _DEFAULT)
                     if isinstance(q.subject, Term))
    for s in subjects:
        nodes.update(q.object for q in store.quads_for_pattern(s, None, None, _DEFAULT)
                     if isinstance(q.object, (ox.NamedNode, ox.BlankNode)))
    return nodes


def _instances(store: ox.Store, classes: set[ox.NamedNode | ox.BlankNode]) -> set[ox.NamedNode | ox.BlankNode]:
    """Every ``?x rdf:type/rdfs:subClassOf* c`` for ``c`` in ``classes``."""
    found: set[ox.NamedNode | ox.BlankNode] = set()
    query = ("SELECT DISTINCT ?x ?c WHERE { ?x <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>/"
             "<http://www.w3.org/2000/01/rdf-schema#subClassOf>* ?c }")
    for c in classes:
        rows = store.query(query, substitutions={ox.Variable("c"): c}, use_default_graph_as_union=False)
        assert isinstance(rows, ox.QuerySolutions)
        found.update(r["x"] for r in rows if isinstance(r["x"], (ox.NamedNode, ox.BlankNode)))
    return found
