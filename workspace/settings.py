"""What a workspace is started with: its database, secret, data folder and limits."""
from __future__ import annotations

import ipaddress
import secrets
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_MAX_UPLOAD_MB = 100
SECRET_MIN_CHARS = 32


@dataclass(frozen=True)
class Settings:
    db: str                                  # SQLite file path or database URL (the run history's database)
    data_dir: Path                           # uploads and run folders live here
    secret: str = field(default_factory=lambda: secrets.token_urlsafe(48), repr=False)
    max_upload_mb: int = DEFAULT_MAX_UPLOAD_MB
    secure_cookies: bool = False             # True behind HTTPS: the session cookie is sent over HTTPS only
    session_hours: int = 8
    max_failed_logins: int = 5               # then the account is locked for lock_minutes
    lock_minutes: int = 15
    review_workers: int = 1                  # background reviews run at once
    sources: dict[str, str] = field(default_factory=dict)   # name -> database URL people may review from

    @property
    def uploads(self) -> Path:
        return Path(self.data_dir) / "uploads"

    @property
    def runs(self) -> Path:
        return Path(self.data_dir) / "runs"


def is_loopback(host: str) -> bool:
    """127.0.0.1, ::1 and localhost; anything else is reachable from the network."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
