"""TOTP second factor (RFC 6238, pyotp) with single-use recovery codes; the QR code is an SVG drawn by segno."""

from __future__ import annotations

import hmac
import secrets
import time

import pyotp
import segno
from sqlmodel import Session, col, delete, select

from ...domain.errors import Refused
from ...models import User, utcnow
from ...models_security import RecoveryCode
from .. import audit
from .lockout import user_by_email
from .tokens import hash_secret

ISSUER = "Maturity"
RECOVERY_CODES = 10
WINDOW = 1  # one 30-second step either side, for clocks that drift a little


def new_secret() -> str:
    """A fresh base32 TOTP secret (160 bits)."""
    return pyotp.random_base32(32)


def qr_svg(secret: str, email: str) -> str:
    """The otpauth:// URI of `secret` as an inline SVG QR code (no image service, no CDN)."""
    uri = pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)
    return segno.make(uri, error="m").svg_inline(scale=5, title="QR", omitsize=True)


def _normalise(code: str) -> str:
    return "".join(ch for ch in code if ch.isalnum()).lower()


def _totp_step(secret: str, code: str, after: int | None, now: float | None = None) -> int | None:
    """The time step `code` belongs to, if it is valid now and later than `after` (a code works only once)."""
    totp, now = pyotp.TOTP(secret), now or time.time()
    for offset in range(-WINDOW, WINDOW + 1):
        moment = now + offset * totp.interval
        step = totp.timecode(moment)
        if (after is None or step > after) and hmac.compare_digest(totp.at(moment), code):
            return step
    return None


def _new_codes(session: Session, user: User) -> list[str]:
    """Replace the user's recovery codes with new ones; returns them for showing once."""
    session.exec(delete(RecoveryCode).where(col(RecoveryCode.user_id) == user.id))  # type: ignore[call-overload]
    codes = [f"{secrets.token_hex(2)}-{secrets.token_hex(2)}-{secrets.token_hex(2)}" for _ in range(RECOVERY_CODES)]
    session.add_all(RecoveryCode(user_id=user.id or 0, code_hash=hash_secret(_normalise(c))) for c in codes)
    return codes


def enrol(session: Session, user: User, *, secret: str, code: str) -> list[str]:
    """Turn the second factor on once the user proves the app shows `secret`'s codes; returns recovery codes."""
    step = _totp_step(secret, _normalise(code), None)
    if step is None:
        raise Refused.one("验证码不正确，请输入应用当前显示的 6 位数字", "the code is wrong: type the 6 digits the app "
                          "shows now", "code")
    user.totp_secret, user.totp_last_step = secret, step
    session.add(user)
    codes = _new_codes(session, user)
    audit.record(session, user, "user.totp.enrol", target=user)
    session.flush()
    return codes


def verify(session: Session, user: User, code: str) -> bool:
    """Accept a current TOTP code (once) or an unused recovery code (then spent)."""
    if not user.totp_secret:
        return False
    given = _normalise(code)
    if given.isdigit() and len(given) == 6:
        step = _totp_step(user.totp_secret, given, user.totp_last_step)
        if step is None:
            return False
        user.totp_last_step = step
        session.add(user)
        session.flush()
        return True
    query = select(RecoveryCode).where(RecoveryCode.user_id == user.id, RecoveryCode.code_hash == hash_secret(given),
                                       col(RecoveryCode.used_at).is_(None))
    row = session.exec(query).first()
    if row is None:
        return False
    row.used_at = utcnow()
    session.add(row)
    session.flush()
    return True


def _require_code(session: Session, user: User, code: str) -> None:
    if not verify(session, user, code):
        raise Refused.one("验证码错误或已使用", "the code is wrong or was already used", "code")


def renew_codes(session: Session, user: User, *, code: str) -> list[str]:
    """New recovery codes (the old ones stop working), once the user proves the factor with a code."""
    _require_code(session, user, code)
    codes = _new_codes(session, user)
    session.flush()
    return codes


def turn_off(session: Session, user: User, *, code: str) -> None:
    """Turn the second factor off with a valid code (the web allows it only where the role does not need one)."""
    _require_code(session, user, code)
    reset_user(session, user)
    audit.record(session, user, "user.totp.off", target=user)


def codes_left(session: Session, user: User) -> int:
    """How many unused recovery codes the user has."""
    query = select(RecoveryCode).where(RecoveryCode.user_id == user.id, col(RecoveryCode.used_at).is_(None))
    return len(session.exec(query).all())


def reset_user(session: Session, user: User) -> User:
    """An administrator's reset (also for the admin pages): second factor and recovery codes removed."""
    user.totp_secret, user.totp_last_step = None, None
    session.add(user)
    session.exec(delete(RecoveryCode).where(col(RecoveryCode.user_id) == user.id))  # type: ignore[call-overload]
    session.flush()
    return user


def reset(session: Session, *, email: str) -> User:
    """Reset the second factor of the user with this e-mail (`maturity users reset-2fa EMAIL`)."""
    return reset_user(session, user_by_email(session, email))
