"""Questionnaire files and the registry of every published version."""

from .files import load_questionnaire_file
from .quick import load_quickcheck_file
from .reading import read_yaml, schema, schema_problems
from .registry import DEFAULT_QUESTIONNAIRE, Registry, entry_files, shipped

__all__ = [
    "DEFAULT_QUESTIONNAIRE",
    "Registry",
    "entry_files",
    "load_questionnaire_file",
    "load_quickcheck_file",
    "read_yaml",
    "schema",
    "schema_problems",
    "shipped",
]
