"""The domain core imports no web, database, PDF or plotting framework."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import maturity.domain

FORBIDDEN = ("flask", "flask_wtf", "flask_login", "flask_babel", "wtforms", "sqlmodel", "sqlalchemy",
             "alembic", "weasyprint", "matplotlib", "jinja2")
DOMAIN = Path(maturity.domain.__file__).parent


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_no_domain_module_imports_a_framework():
    offenders = {p.name: sorted(imported_modules(p) & set(FORBIDDEN)) for p in DOMAIN.glob("*.py")}
    assert {name: bad for name, bad in offenders.items() if bad} == {}


def test_importing_the_domain_loads_no_framework():
    code = ("import sys, importlib, pkgutil, maturity.domain as d\n"
            "[importlib.import_module(f'maturity.domain.{m.name}') for m in pkgutil.iter_modules(d.__path__)]\n"
            f"print(sorted(set(sys.modules) & set({FORBIDDEN!r})))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
