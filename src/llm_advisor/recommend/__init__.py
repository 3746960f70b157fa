"""The advisor, pure: constraints, rules, estimates, ranking, approach advice, --describe and the recommend service."""
