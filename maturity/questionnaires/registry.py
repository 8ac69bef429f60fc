"""Every published questionnaire version, loaded once and keyed by (ID, version).

Validating 20 YAML files against the schema on every start cost a command-line call about a
second, so the validated registry is kept in a cache file keyed by the files' contents (and the
loader's own code): editing any file invalidates it.
"""

from __future__ import annotations

import copyreg
import hashlib
import logging
import os
import pickle
import sys
import tempfile
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from ..domain.errors import Problem, QuestionnaireError, UnknownQuestionnaire
from ..domain.model import Questionnaire, QuickCheck, Text
from ..domain.versioning import version_key
from ..resources import resource_dir
from .files import load_questionnaire_file
from .quick import load_quickcheck_file
from .reading import problem_at, read_yaml

ENTRY_FILES = ("questionnaire.yaml", "quickcheck.yaml")
DEFAULT_QUESTIONNAIRE = "gbt39116-2020"
log = logging.getLogger(__name__)


def entry_files(root: Path | None = None) -> list[Path]:
    """Every questionnaire.yaml and quickcheck.yaml: `<id>/<version>/` folders, or `<id>/` for a lone one."""
    root = root or resource_dir("questionnaires")
    return sorted(p for name in ENTRY_FILES for pattern in (f"*/{name}", f"*/*/{name}") for p in root.glob(pattern))


class Registry:
    """The questionnaires of one folder, every version, by (ID, version)."""

    def __init__(self, root: Path | None = None):
        self.root = root or resource_dir("questionnaires")
        files = entry_files(self.root)
        self.full: dict[tuple[str, str], Questionnaire] = {}
        for path in (p for p in files if p.name == "questionnaire.yaml"):
            q = load_questionnaire_file(path)
            self.full[(q.id, q.version)] = q
        self.quick: dict[tuple[str, str], QuickCheck] = {}
        for path in (p for p in files if p.name == "quickcheck.yaml"):
            raw = read_yaml(path)
            base = self._base_for(path, raw.get("base"), raw.get("base_version"))
            quick = load_quickcheck_file(path, base)
            self.quick[(quick.id, quick.version)] = quick

    def _base_for(self, path: Path, base_id: object, base_version: object) -> Questionnaire:
        versions = [v for (qid, v) in self.full if qid == base_id]
        if not versions or (base_version is not None and base_version not in versions):
            raise QuestionnaireError(
                [problem_at(f"{path}: base", f"unknown base questionnaire {base_id!r} version {base_version!r}")]
            )
        return self.full[(str(base_id), str(base_version or max(versions, key=version_key)))]

    def versions(self, questionnaire_id: str) -> list[str]:
        """The published versions of a questionnaire, oldest first."""
        found = [v for (qid, v) in [*self.full, *self.quick] if qid == questionnaire_id]
        return sorted(found, key=version_key)

    def get(self, questionnaire_id: str | None = None, version: str | None = None) -> Questionnaire | QuickCheck:
        """A questionnaire or quick check by ID (GB/T 39116 by default) and version (the newest by default)."""
        qid = questionnaire_id or DEFAULT_QUESTIONNAIRE
        if not isinstance(qid, str) or not isinstance(version, str | None):  # e.g. a JSON list or object
            raise UnknownQuestionnaire.one(
                "问卷 ID 和版本应为字符串", "the questionnaire ID and version must be strings", "questionnaire",
                given=type(qid).__name__,
            )
        versions = self.versions(qid)
        if not versions:
            known = ", ".join(sorted({i for i, _v in [*self.full, *self.quick]}))
            raise UnknownQuestionnaire(
                [
                    Problem(
                        "questionnaire",
                        Text(f"未知的问卷 {qid!r}；可选：{known}", f"unknown questionnaire {qid!r}; known: {known}"),
                    )
                ]
            )
        chosen = version or versions[-1]
        if chosen not in versions:
            shown = ", ".join(versions)
            raise UnknownQuestionnaire(
                [
                    Problem(
                        "version",
                        Text(
                            f"问卷 {qid} 没有版本 {chosen!r}；已发布：{shown}",
                            f"questionnaire {qid} has no version {chosen!r}; published: {shown}",
                        ),
                    )
                ]
            )
        return self.full.get((qid, chosen)) or self.quick[(qid, chosen)]

    def chain(self, questionnaire_id: str, source: str, target: str) -> list[Questionnaire]:
        """The full versions from `source` to `target` inclusive, in order, each revising the one before."""
        versions = [v for v in self.versions(questionnaire_id) if (questionnaire_id, v) in self.full]
        if source not in versions or target not in versions:
            self.get(questionnaire_id, source if source not in versions else target)  # raises the located error
        lo, hi = sorted((source, target), key=version_key)
        steps = [
            self.full[(questionnaire_id, v)] for v in versions if version_key(lo) <= version_key(v) <= version_key(hi)
        ]
        return steps if version_key(source) <= version_key(target) else steps[::-1]

    def all(self) -> list[Questionnaire | QuickCheck]:
        """Every version of every questionnaire and quick check, full ones first, oldest version first."""
        order = sorted(self.full, key=lambda k: (k[0], version_key(k[1])))
        quick = sorted(self.quick, key=lambda k: (k[0], version_key(k[1])))
        return [*(self.full[k] for k in order), *(self.quick[k] for k in quick)]


def _fingerprint(root: Path) -> str:
    """A hash of every questionnaire file and of the code that turns them into objects."""
    digest = hashlib.sha256(sys.version.encode())
    code = Path(__file__).resolve().parent
    sources = [*sorted(code.glob("*.py")), code.parent / "domain" / "model.py"]
    for path in [*sources, *sorted(p for p in root.rglob("*") if p.suffix in (".yaml", ".json"))]:
        digest.update(str(path.relative_to(path.anchor)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:32]


def cache_dir() -> Path:
    """MATURITY_CACHE_DIR, else the user's cache folder, else the temporary folder."""
    configured = os.environ.get("MATURITY_CACHE_DIR")
    if configured:
        return Path(configured)
    xdg = os.environ.get("XDG_CACHE_HOME") or (Path.home() / ".cache")
    return Path(xdg) / "maturity" if os.access(Path(xdg).parent, os.W_OK) else Path(tempfile.gettempdir()) / "maturity"


def load_cached(root: Path | None = None) -> Registry:
    """The registry of `root`, from the cache when the files have not changed since it was written."""
    root = root or resource_dir("questionnaires")
    path = cache_dir() / f"registry-{_fingerprint(root)}.pickle"
    try:
        with path.open("rb") as handle:
            registry = pickle.load(handle)  # written by this same code, below; never user-supplied
        if isinstance(registry, Registry):
            return registry
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass
    registry = Registry(root)
    _write_atomically(path, registry)
    return registry


def _write_atomically(path: Path, registry: Registry) -> None:
    """Write the cache through a temporary file, so a concurrent reader never sees half of it."""
    temporary: Path | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as handle:
            temporary = Path(handle.name)
            pickler = pickle.Pickler(handle, protocol=pickle.HIGHEST_PROTOCOL)
            # The model's read-only mappings are rebuilt from plain dicts when the cache is read.
            pickler.dispatch_table = {**copyreg.dispatch_table, MappingProxyType: _reduce_mapping_proxy}  # type: ignore[dict-item]
            pickler.dump(registry)
        os.replace(temporary, path)
    except (OSError, pickle.PicklingError) as exc:  # no reason to fail: the registry is loaded anyway
        log.info("questionnaire cache not written: %s", exc)
        if temporary is not None:
            temporary.unlink(missing_ok=True)


def read_only(mapping: dict) -> MappingProxyType:  # type: ignore[type-arg]
    """A read-only view of `mapping` (how the cache rebuilds the model's mappings)."""
    return MappingProxyType(mapping)


def _reduce_mapping_proxy(proxy: MappingProxyType) -> tuple[object, tuple[dict]]:  # type: ignore[type-arg]
    return read_only, (dict(proxy),)


@lru_cache(maxsize=1)
def shipped() -> Registry:
    """The questionnaires shipped with the product, loaded once per process."""
    return load_cached()
