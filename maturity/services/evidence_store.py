"""Where evidence files' bytes live, behind one small interface: a local folder now, an S3-compatible store later.

Keys are made by the product (never from a file name), so they cannot climb out of the folder.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Protocol

from ..domain.errors import NotFound

KEY = re.compile(r"^[0-9]+/[A-Za-z0-9_-]{16,64}$")


class EvidenceStore(Protocol):
    """Put, read and delete a file's bytes by key."""

    def put(self, key: str, data: bytes) -> None: ...  # noqa: D102

    def read(self, key: str) -> bytes: ...  # noqa: D102

    def delete(self, key: str) -> None: ...  # noqa: D102


class LocalStore:
    """Files under one folder (by default the instance folder's evidence/), one sub-folder per assessment."""

    def __init__(self, root: str | Path):
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        if not KEY.match(key):
            raise NotFound.one("未找到该文件", "no such file", "key")
        return self.root / key

    def put(self, key: str, data: bytes) -> None:
        """Write the bytes (to a temporary name first, so a reader never sees half a file)."""
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".part")
        partial.write_bytes(data)
        partial.replace(path)

    def read(self, key: str) -> bytes:
        """The stored bytes; NotFound when the file is gone."""
        path = self._path(key)
        if not path.is_file():
            raise NotFound.one("未找到该文件", "no such file", "key")
        return path.read_bytes()

    def delete(self, key: str) -> None:
        """Remove the file if it is there."""
        self._path(key).unlink(missing_ok=True)


def make_store(kind: str, folder: str | Path) -> EvidenceStore:
    """The configured store; only "local" exists so far."""
    if kind != "local":
        raise ValueError(f"EVIDENCE_STORE={kind!r} is not supported; use 'local'")
    return LocalStore(folder)
