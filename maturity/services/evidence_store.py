"""Where evidence files' bytes live, behind one small interface: a local folder, or an S3-compatible bucket.

Keys are made by the product (never from a file name), so they cannot climb out of the folder or the prefix.
The store is chosen by configuration (EVIDENCE_STORE and its settings), checked when the app starts.
S3 credentials never sit in the settings: boto3 reads them from its standard chain (AWS_ACCESS_KEY_ID and
AWS_SECRET_ACCESS_KEY in the environment, AWS_PROFILE and ~/.aws/credentials, or the machine's role).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

from ..domain.errors import MaturityError, NotFound

KEY = re.compile(r"^[0-9]+/[A-Za-z0-9_-]{16,64}$")
KINDS = ("local", "s3")
BUCKET = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{1,253}[A-Za-z0-9]$")  # S3's rule, loosened for older stores
PREFIX = re.compile(r"^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$")
# Never served from the bucket as a page: a browser fetching an object straight from the store downloads it.
STORED_TYPE, STORED_DISPOSITION = "application/octet-stream", "attachment"


def _missing() -> MaturityError:
    return NotFound.one("未找到该文件", "no such file", "key")


def _checked(key: str) -> str:
    """The key if the product could have made it; NotFound otherwise (nothing else reaches the store)."""
    if not KEY.match(key):
        raise _missing()
    return key


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
        return self.root / _checked(key)

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
            raise _missing()
        return path.read_bytes()

    def delete(self, key: str) -> None:
        """Remove the file if it is there."""
        self._path(key).unlink(missing_ok=True)


class S3Store:
    """Objects in one bucket of S3 or an S3-compatible store (MinIO, Ceph, OSS), under an optional prefix."""

    def __init__(self, client: Any, bucket: str, prefix: str = ""):
        self.client, self.bucket = client, bucket
        self.prefix = f"{prefix.strip('/')}/" if prefix.strip("/") else ""

    def _name(self, key: str) -> str:
        return self.prefix + _checked(key)

    def put(self, key: str, data: bytes) -> None:
        """Upload the bytes (S3 writes are atomic: a reader sees the old object, none, or the whole new one)."""
        self.client.put_object(
            Bucket=self.bucket, Key=self._name(key), Body=data,
            ContentType=STORED_TYPE, ContentDisposition=STORED_DISPOSITION,
        )

    def read(self, key: str) -> bytes:
        """The stored bytes; NotFound when the object is gone."""
        name = self._name(key)
        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=name)
        except self.client.exceptions.ClientError as exc:
            if _code(exc) in {"NoSuchKey", "404", "NotFound"}:
                raise _missing() from None
            raise
        body = answer["Body"]
        try:
            return bytes(body.read())
        finally:
            body.close()

    def delete(self, key: str) -> None:
        """Remove the object if it is there (S3 answers the same either way; some compatible stores say 404)."""
        try:
            self.client.delete_object(Bucket=self.bucket, Key=self._name(key))
        except self.client.exceptions.ClientError as exc:
            if _code(exc) not in {"NoSuchKey", "404", "NotFound"}:
                raise


def _code(exc: Exception) -> str:
    return str(getattr(exc, "response", {}).get("Error", {}).get("Code", ""))


class StoreSettingError(RuntimeError):
    """An evidence-store setting that cannot work: the app refuses to start, naming the setting and what is accepted."""


def _text(config: Mapping[str, Any], name: str) -> str:
    """A setting as text ("" when unset): MATURITY_* values are parsed as JSON, so a bucket "123" arrives as 123."""
    value = config.get(name)
    return "" if value is None else str(value).strip()


def check_settings(config: Mapping[str, Any]) -> None:
    """Refuse settings the configured store cannot work with (StoreSettingError), before the first upload."""
    kind = _text(config, "EVIDENCE_STORE") or "local"
    if kind not in KINDS:
        raise StoreSettingError(
            f"EVIDENCE_STORE (MATURITY_EVIDENCE_STORE) is {kind!r}; accepted: 'local' (files under EVIDENCE_DIR, "
            "by default instance/evidence) or 's3' (a bucket named by EVIDENCE_S3_BUCKET)"
        )
    if kind == "local":
        return
    bucket, prefix = _text(config, "EVIDENCE_S3_BUCKET"), _text(config, "EVIDENCE_S3_PREFIX").strip("/")
    if not BUCKET.match(bucket):
        raise StoreSettingError(
            f"EVIDENCE_STORE='s3' needs EVIDENCE_S3_BUCKET (MATURITY_EVIDENCE_S3_BUCKET), given {bucket!r}; "
            "accepted: the name of an existing bucket, 3-255 letters, digits, '.', '-' or '_'"
        )
    if prefix and (not PREFIX.match(prefix) or ".." in prefix.split("/")):
        raise StoreSettingError(
            f"EVIDENCE_S3_PREFIX is {prefix!r}; accepted: folder names of letters, digits, '.', '-' or '_' "
            "separated by '/', e.g. 'maturity/evidence' (or nothing)"
        )
    endpoint = _text(config, "EVIDENCE_S3_ENDPOINT_URL")
    if endpoint and (urlsplit(endpoint).scheme not in {"http", "https"} or not urlsplit(endpoint).hostname):
        raise StoreSettingError(
            f"EVIDENCE_S3_ENDPOINT_URL is {endpoint!r}; accepted: the store's http:// or https:// address, "
            "e.g. https://minio.example.cn:9000 (or nothing for Amazon S3)"
        )


def s3_client(endpoint: str | None, region: str | None) -> Any:
    """A boto3 S3 client; credentials from boto3's standard chain, never from the settings."""
    import boto3  # only installs that use S3 pay for loading it
    from botocore.config import Config

    options: dict[str, Any] = {"connect_timeout": 5, "read_timeout": 30, "retries": {"mode": "standard"}}
    if endpoint:
        # Compatible stores rarely resolve bucket.host names, and many reject the checksums newer boto3 sends.
        options |= {"s3": {"addressing_style": "path"}, "request_checksum_calculation": "when_required",
                    "response_checksum_validation": "when_required"}
    return boto3.session.Session().client(
        "s3", endpoint_url=endpoint or None, region_name=region or None, config=Config(**options)
    )


def make_store(config: Mapping[str, Any], instance_path: str | Path) -> EvidenceStore:
    """The configured store (settings checked first): a folder, or a bucket of an S3-compatible store."""
    check_settings(config)
    if (_text(config, "EVIDENCE_STORE") or "local") == "local":
        return LocalStore(_text(config, "EVIDENCE_DIR") or Path(instance_path) / "evidence")
    client = s3_client(_text(config, "EVIDENCE_S3_ENDPOINT_URL"), _text(config, "EVIDENCE_S3_REGION"))
    return S3Store(client, _text(config, "EVIDENCE_S3_BUCKET"), _text(config, "EVIDENCE_S3_PREFIX"))
