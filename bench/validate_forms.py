"""Time query forms of the fact-node checks on built stores (experiments for decision 0070).

    .venv/bin/python bench/validate_forms.py bench/data/curated-1000/out/store [FORM ...]
"""

from __future__ import annotations

import sys
import time

import pyoxigraph as ox

P = """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX wildkg: <https://w3id.org/wildkg/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dwc: <http://rs.tdwg.org/dwc/terms/>
PREFIX obo: <http://purl.obolibrary.org/obo/>
"""

FORMS = {
    "scan_subject": "SELECT (COUNT(*) AS ?n) WHERE { ?f rdf:subject ?s }",
    "scan_all": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "type_facts": "SELECT (COUNT(*) AS ?n) WHERE { ?f a wildkg:Fact }",
    "chain_from_type": "SELECT (COUNT(*) AS ?n) WHERE { ?f a wildkg:Fact . ?f rdf:subject ?s . "
                       "?f rdf:predicate ?p . ?f rdf:object ?o }",
    "hash3": "SELECT (COUNT(*) AS ?n) WHERE { { SELECT ?f ?s WHERE { ?f rdf:subject ?s } } "
             "{ SELECT ?f ?p WHERE { ?f rdf:predicate ?p } } { SELECT ?f ?o WHERE { ?f rdf:object ?o } } }",
    "stated_hash3": "SELECT (COUNT(*) AS ?n) WHERE { { SELECT ?f ?s WHERE { ?f rdf:subject ?s } } "
                    "{ SELECT ?f ?p WHERE { ?f rdf:predicate ?p } } { SELECT ?f ?o WHERE { ?f rdf:object ?o } } "
                    "FILTER NOT EXISTS { ?s ?p ?o } }",
    "group_all_subjects": "SELECT (COUNT(*) AS ?n) WHERE { { SELECT ?s (COUNT(*) AS ?c) WHERE { ?s ?p ?o } "
                          "GROUP BY ?s } }",
}

PREDS = ("dwc:scientificName dwc:vernacularName dwc:taxonRank wildkg:parentTaxon wildkg:formerlyIncludedIn "
         "wildkg:redListStatus wildkg:redListReason wildkg:occursIn wildkg:hasHabitat wildkg:foundInProtectedArea "
         "obo:RO_0002470 obo:RO_0002458 obo:RO_0002439 wildkg:threatenedBy wildkg:hasLegalStatusIn "
         "wildkg:legallyProtectedIn wildkg:huntingUnderLicenceIn wildkg:nationallyListedEndangeredIn "
         "wildkg:hasConservationAction wildkg:hasMeasurement wildkg:hasMarketPrice wildkg:hasUse "
         "wildkg:characteristic wildkg:behaviour wildkg:partOf wildkg:locatedIn wildkg:problem")
D_GROUP = ("{ SELECT ?f (SAMPLE(?s0) AS ?s) (SAMPLE(?p0) AS ?p) (SAMPLE(?o0) AS ?o) WHERE { "
           "{ ?f rdf:subject ?s0 } UNION { ?f rdf:predicate ?p0 } UNION { ?f rdf:object ?o0 } } GROUP BY ?f }")
D_HASH = ("{ SELECT ?f ?s WHERE { ?f rdf:subject ?s } } { SELECT ?f ?p WHERE { ?f rdf:predicate ?p } } "
          "{ SELECT ?f ?o WHERE { ?f rdf:object ?o } }")
FORMS.update({
    "D_group": f"SELECT (COUNT(*) AS ?n) WHERE {{ {D_GROUP} }}",
    "T_scan": f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?p {{ {PREDS} }} ?s ?p ?o }}",
    "cmp_group_group": f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT ?s ?p ?o WHERE {{ {{ {D_GROUP} BIND(1 AS ?i) }} UNION "
                       f"{{ VALUES ?p {{ {PREDS} }} ?s ?p ?o BIND(2 AS ?i) }} }} GROUP BY ?s ?p ?o "
                       f"HAVING (SUM(IF(?i = 1, 1, 0)) = 0 || SUM(IF(?i = 2, 1, 0)) = 0) }}",
    "cmp_hash_group": f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT ?s ?p ?o WHERE {{ {{ {D_HASH} BIND(1 AS ?i) }} UNION "
                      f"{{ VALUES ?p {{ {PREDS} }} ?s ?p ?o BIND(2 AS ?i) }} }} GROUP BY ?s ?p ?o "
                      f"HAVING (SUM(IF(?i = 1, 1, 0)) = 0 || SUM(IF(?i = 2, 1, 0)) = 0) }}",
    "cmp_minus_both": f"SELECT (COUNT(*) AS ?n) WHERE {{ {{ {D_HASH} MINUS {{ VALUES ?p {{ {PREDS} }} ?s ?p ?o }} }} "
                      f"UNION {{ VALUES ?p {{ {PREDS} }} ?s ?p ?o MINUS {{ {D_HASH} }} }} }}",
})

FACT_PREDS = "{ SELECT DISTINCT ?p WHERE { [] rdf:predicate ?p } }"
CMP = ("{{ SELECT ?s ?p ?o WHERE {{ {{ {d} BIND(1 AS ?i) }} UNION {{ {t} ?s ?p ?o BIND(2 AS ?i) }} }} "
       "GROUP BY ?s ?p ?o HAVING (SUM(IF(?i = 1, 1, 0)) = 0 || SUM(IF(?i = 2, 1, 0)) = 0) }}")
FORMS.update({
    "fact_preds": f"SELECT (COUNT(*) AS ?n) WHERE {{ {FACT_PREDS} }}",
    "T_factpreds": f"SELECT (COUNT(*) AS ?n) WHERE {{ {FACT_PREDS} ?s ?p ?o }}",
    "cmp_factpreds": "SELECT (COUNT(*) AS ?n) WHERE { " + CMP.format(d=D_HASH, t=FACT_PREDS) + " }",
    "cands_all": "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?this WHERE { " + CMP.format(d=D_HASH, t=FACT_PREDS)
                 + " OPTIONAL { ?f rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o } VALUES ?k { 1 2 } "
                   "BIND(IF(?k = 1, ?s, ?f) AS ?this) } }",
})

_TYPES = "VALUES ?_k { rdf:Statement wildkg:Fact }"
_B = ("(SUM(IF(?i = {k}, 1, 0)) != 1)")
FORMS.update({
    "counts_current": "SELECT (COUNT(*) AS ?n) WHERE { SELECT ?this WHERE { { " + _TYPES + " ?this rdf:type ?_k BIND(0 AS ?i) } "
        "UNION { ?this rdf:object ?v BIND(1 AS ?i) } UNION { ?this rdf:predicate ?v BIND(2 AS ?i) } "
        "UNION { ?this prov:wasDerivedFrom ?v BIND(3 AS ?i) } UNION { ?this rdf:subject ?v BIND(4 AS ?i) } } "
        "GROUP BY ?this HAVING (SUM(IF(?i = 0, 1, 0)) > 0 && (SUM(IF(?i = 1, 1, 0)) != 1 || SUM(IF(?i = 2, 1, 0)) != 1 "
        "|| SUM(IF(?i = 3, 1, 0)) < 1 || SUM(IF(?i = 4, 1, 0)) != 1)) }",
    "counts_distinct_typed": "SELECT (COUNT(DISTINCT ?this) AS ?n) WHERE { " + _TYPES + " ?this rdf:type ?_k }",
    "counts_distinct_subject": "SELECT (COUNT(DISTINCT ?this) AS ?n) WHERE { ?this rdf:subject ?v }",
    "count_rows_typed": "SELECT (COUNT(*) AS ?n) WHERE { " + _TYPES + " ?this rdf:type ?_k }",
})

D_BGP = "?f rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ."
FORMS.update({
    "D_bgp": f"SELECT (COUNT(*) AS ?n) WHERE {{ {D_BGP} }}",
    "D_distinct": f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{ {D_HASH} }} }}",
    "cmp_distinct": f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{ {{ {D_HASH} }} UNION "
                    f"{{ {FACT_PREDS} ?s ?p ?o }} }} }}",
    "counts_distinct_union": "SELECT (COUNT(DISTINCT ?x) AS ?n) (COUNT(DISTINCT ?a) AS ?na) (COUNT(?a) AS ?ra) "
        "(COUNT(DISTINCT ?b) AS ?nb) (COUNT(?b) AS ?rb) (COUNT(DISTINCT ?c) AS ?nc) (COUNT(?c) AS ?rc) "
        "(COUNT(DISTINCT ?d) AS ?nd) WHERE { { " + _TYPES + " ?x rdf:type ?_k } "
        "UNION { ?x rdf:subject ?v BIND(?x AS ?a) } UNION { ?x rdf:predicate ?v BIND(?x AS ?b) } "
        "UNION { ?x rdf:object ?v BIND(?x AS ?c) } UNION { ?x prov:wasDerivedFrom ?v BIND(?x AS ?d) } }",
})

T_PREDS = "{ SELECT DISTINCT ?p WHERE { { [] rdf:predicate ?p } UNION { VALUES ?p { " + PREDS + " } } } }"
FORMS.update({
    "cmp_count": f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT ?s ?p ?o WHERE {{ {{ {D_HASH} BIND(1 AS ?d) }} UNION "
                 f"{{ {T_PREDS} ?s ?p ?o BIND(1 AS ?t) }} }} GROUP BY ?s ?p ?o HAVING (COUNT(?d) = 0 || COUNT(?t) = 0) }}",
    "pv_values": "SELECT (COUNT(*) AS ?n) WHERE { SELECT ?value WHERE { { SELECT ?value WHERE { [] rdf:predicate ?value } "
                 "GROUP BY ?value } FILTER(!(isIRI(?value))) } }",
    "pv_join": "SELECT (COUNT(*) AS ?n) WHERE { { SELECT ?value WHERE { { SELECT ?value WHERE { [] rdf:predicate ?value } "
               "GROUP BY ?value } FILTER(!(isIRI(?value))) } } ?this rdf:predicate ?value }",
})

FORMS.update({
    "part_hash_occurs": "SELECT (COUNT(*) AS ?n) WHERE { { SELECT ?f ?p WHERE { VALUES ?p { wildkg:occursIn } ?f rdf:predicate ?p } } "
        "{ SELECT ?f ?s WHERE { ?f rdf:subject ?s } } { SELECT ?f ?o WHERE { ?f rdf:object ?o } } }",
    "part_bgp_occurs": "SELECT (COUNT(*) AS ?n) WHERE { VALUES ?p { wildkg:occursIn } ?f rdf:predicate ?p . ?f rdf:subject ?s . ?f rdf:object ?o }",
})


def run(store: ox.Store, text: str) -> tuple[float, str]:
    t = time.perf_counter()
    rows = store.query(P + text, use_default_graph_as_union=False)
    assert isinstance(rows, ox.QuerySolutions)
    out = [str(r[0]) for r in rows]
    return time.perf_counter() - t, ",".join(out[:3])


def py_iter(store: ox.Store) -> tuple[float, str]:
    t = time.perf_counter()
    n = sum(1 for _ in store.quads_for_pattern(None, ox.NamedNode(
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#subject"), None, ox.DefaultGraph()))
    return time.perf_counter() - t, str(n)


def main() -> None:
    store = ox.Store.read_only(sys.argv[1])
    names = sys.argv[2:] or [*FORMS, "py_iter_subject"]
    for name in names:
        seconds, answer = py_iter(store) if name == "py_iter_subject" else run(store, FORMS[name])
        print(f"{name:24s} {seconds:8.3f} s  {answer}", flush=True)


if __name__ == "__main__":
    main()
