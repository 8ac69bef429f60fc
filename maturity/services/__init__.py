"""Use cases, by subject. Each adds and flushes but never commits: the caller's entry point (a web
request, a CLI command, a job) owns the transaction, so a refused use case leaves nothing behind and
several use cases can be grouped into one unit of work.

accounts · organisations · access (who may see what) · assessments · scores (typed score rows) ·
rescoring (onto another questionnaire version) · drafts · reports
"""
