"""Default settings; the instance file `config.py` and `MATURITY_*` environment variables override them."""

from __future__ import annotations

import secrets
from datetime import timedelta
from pathlib import Path

from flask import Flask

TRANSLATIONS = str(Path(__file__).resolve().parent.parent / "translations")


class Defaults:
    """Settings for a local install; production sets DATABASE_URL, SECRET_KEY and SESSION_COOKIE_SECURE."""

    DATABASE_URL: str | None = None  # None: SQLite in the instance folder
    SCHEMA_CHECK = True  # refuse to start on an unmigrated database
    SESSION_COOKIE_SECURE = True  # MATURITY_SESSION_COOKIE_SECURE=false for plain http on localhost
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)  # absolute cap of a log-in
    SESSION_IDLE_MINUTES = 60  # a log-in lapses after this long without a request
    STASH_RETENTION_HOURS = 24  # a page posted after the log-in lapsed is restored (and kept) this long
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
    RATELIMIT_STORAGE_URI = "memory://"  # redis://127.0.0.1:6379 when several workers or hosts serve
    RATELIMIT_HEADERS_ENABLED = False
    LOGIN_RATE_LIMIT = "10 per minute;50 per hour"  # per client address (log-in, second-factor code, reset)
    LOGIN_ACCOUNT_RATE_LIMIT = "5 per minute;30 per hour"  # per e-mail address, from any client address
    LOGIN_LOCKOUT_FAILURES = 10  # wrong passwords or codes in a row that lock an account …
    LOGIN_LOCKOUT_MINUTES = 15  # … for this long (or until `maturity users unlock EMAIL`)
    PROXY_FIX_X_FOR = 0  # reverse proxies in front whose X-Forwarded-For/-Proto are trusted (0: none)
    SECOND_FACTOR_ROLES = ("admin", "park_admin", "region_admin", "consultant")  # must set up TOTP to go on
    PASSWORD_RESET_MINUTES = 30  # a reset link expires after this long (and after one use)
    # A registration waits for the owner of the e-mail address to open a link (no account enumeration, no
    # squatting by unverified addresses); `make run` and the tests, which have no mail server, switch it off.
    REGISTRATION_CONFIRM_BY_EMAIL = True
    REGISTRATION_LINK_HOURS = 24
    MAIL_SERVER = "localhost"  # SMTP relay for password-reset mail
    MAIL_PORT = 25
    MAIL_USE_TLS = False  # STARTTLS
    MAIL_USE_SSL = False  # SMTP over TLS (port 465)
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_DEFAULT_SENDER = "maturity@localhost"
    MAIL_TIMEOUT = 10  # seconds
    BABEL_DEFAULT_LOCALE = "zh_CN"
    BABEL_TRANSLATION_DIRECTORIES = TRANSLATIONS
    BABEL_DEFAULT_TIMEZONE = "Asia/Shanghai"
    LANGUAGES = ("zh_CN", "en")
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    BROKER_URL: str | None = None  # redis://127.0.0.1:6379/0 or amqp://…: jobs run on Celery workers
    JOBS_DIR: str | None = None  # None: instance/jobs; a shared folder when several machines serve
    JOB_RETENTION_HOURS = 72  # job output files are deleted this long after the job ends
    JOB_WORKERS = 2  # threads running jobs in-process when no broker is configured
    JOB_QUEUE = "maturity"  # the Celery queue web processes send to and workers read
    JOB_RENDER_PROCESSES = 2  # processes rendering reports when no broker is configured (kept, fonts loaded once)
    JOB_PART_SIZE = 5  # reports per part of a bulk-reports job (what one worker takes at a time)
    BATCH_UPLOAD_MAX_BYTES = 64 * 1024 * 1024  # a batch upload (other requests keep MAX_CONTENT_LENGTH)
    DRAFT_RETENTION_DAYS = 365  # `maturity maintenance` deletes drafts untouched this long (0: never)
    EXPIRED_RETENTION_DAYS = 30  # … invitations, links and tokens this long after they expired
    SESSION_RETENTION_DAYS = 30  # … log-in session rows this long after they ended (or were last seen)
    EVIDENCE_STORE = "local"  # where evidence files live: "local" (EVIDENCE_DIR) or "s3" (EVIDENCE_S3_*)
    EVIDENCE_DIR: str | None = None  # None: instance/evidence
    # S3 or an S3-compatible store; credentials come from boto3's chain (AWS_* environment, ~/.aws), never here.
    EVIDENCE_S3_BUCKET: str | None = None  # an existing bucket (required with EVIDENCE_STORE="s3")
    EVIDENCE_S3_PREFIX = ""  # folder inside the bucket, e.g. "maturity/evidence"
    EVIDENCE_S3_ENDPOINT_URL: str | None = None  # MinIO, Ceph, OSS …: e.g. https://minio.example.cn:9000
    EVIDENCE_S3_REGION: str | None = None  # None: boto3's (AWS_DEFAULT_REGION, ~/.aws/config)
    EVIDENCE_MAX_BYTES = 10 * 1024 * 1024  # one evidence file
    REPORT_SLOTS = 2  # single reports rendered at once per web process; more wait for a 503 + Retry-After
    REPORT_TIME_LIMIT = 20  # seconds a single report may take before the request answers 503
    PARK_MIN_CELL = 5  # park figures hide counts of fewer enterprises than this (and what would reveal them)


def ensure_secret_key(app: Flask) -> None:
    """Use the configured SECRET_KEY, else one kept in the instance folder so every worker shares it."""
    if app.config.get("SECRET_KEY"):
        return
    path = Path(app.instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    app.config["SECRET_KEY"] = path.read_text().strip()
