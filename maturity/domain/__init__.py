"""Pure domain core: questionnaire model, scoring, gap analysis, benchmarks.

Nothing here imports Flask, SQLModel, WeasyPrint or matplotlib (a test enforces it),
so the same arithmetic serves the CLI, the web app, the batch path and the reports.
"""
