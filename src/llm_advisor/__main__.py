"""Run the CLI as `python -m llm_advisor`."""

from llm_advisor.cli import main

main()
