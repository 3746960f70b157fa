"""YAML to a validated, name-resolving Catalog: loader, compiled cache, schema, YAML line mapping, topics."""
