"""llm-advisor: task-first model-selection advice with the reasoning shown."""

__version__ = "0.1.0"
