"""Spreadsheets both ways: templates from the questionnaire, safe readers, row-level validation, result workbooks.

No Flask and no database: the CLI, the API and the jobs call these functions and decide what to do with the
results (print them, store them, return them).
"""
