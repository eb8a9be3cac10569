"""Password hashing with Argon2id; the clear password is never stored or logged."""
from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from casereview.errors import UsageError

MIN_PASSWORD_CHARS = 10
_HASHER = PasswordHasher()


def hash_password(password: str) -> str:
    check_strength(password)
    return _HASHER.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def check_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_CHARS:
        raise UsageError(f"密码至少 {MIN_PASSWORD_CHARS} 个字符")
    if password.isdigit() or password.isalpha():
        raise UsageError("密码须同时含字母和数字或符号")
