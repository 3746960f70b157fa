"""The CI linter: rule registry, checker, manifest and code scan."""
