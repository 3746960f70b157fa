"""Upper bounds every boundary applies (CLI flags, manifest, catalog schema, config.json, Hub records):
far above anything real, far below where arithmetic overflows."""

MAX_PARAMS = 10**14  # 100T parameters
MAX_MEMORY_GB = 1024.0**2  # 1 PiB, in GiB
MAX_CONTEXT = 100_000_000  # tokens
MAX_BATCH = 1_000_000  # concurrent sequences
MAX_COST_USD = 1_000_000.0  # per 1M tokens or requests
MAX_EXAMPLES = 10**12  # labelled examples
