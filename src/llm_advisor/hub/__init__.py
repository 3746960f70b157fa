"""Network and the local Hub cache: the Hub client, the SQLite cache and `sync`."""
