"""SHACL validation: shapes → a `sh:ValidationReport`, by two engines that give the same results.

The fast path (`compiler` + `fast`) turns each constraint of the shapes into one SPARQL query
run where the data already is (the store, or an in-memory Oxigraph for files); pySHACL
(`reference`) is the reference it is tested against. `engine` chooses between them and falls
back to pySHACL, saying so, when the shapes use a feature the fast path does not support.
"""
