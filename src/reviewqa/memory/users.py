"""Who the store's rows belong to: 'local' on this machine, or the names of an --auth-file when the app is served
to others. The auth file holds one 'user:password-hash' line per user (scrypt; `reviewqa password NAME` makes one).
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import hmac
import os
import re
from dataclasses import dataclass
from pathlib import Path

from reviewqa.errors import AuthFileError

LOCAL_USER = "local"  # the one profile of a machine's own use (CLI, and the app on localhost)
USER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}
_KEY_BYTES = 32
_SALT_BYTES = (16, 64)  # `reviewqa password` writes 16
_HASH = re.compile(
    r"scrypt\$(?P<n>\d{1,8})\$(?P<r>\d{1,2})\$(?P<p>\d{1,2})\$(?P<salt>[A-Za-z0-9+/=]+)\$(?P<key>[A-Za-z0-9+/=]+)"
)


def hash_password(password: str, salt: bytes | None = None) -> str:
    """'scrypt$16384$8$1$<salt>$<key>': what an auth file line holds after 'user:'."""
    salt = salt if salt is not None else os.urandom(16)
    key = hashlib.scrypt(password.encode("utf-8"), salt=salt, dklen=_KEY_BYTES, **_SCRYPT)
    encoded = [base64.b64encode(part).decode("ascii") for part in (salt, key)]
    return f"scrypt${_SCRYPT['n']}${_SCRYPT['r']}${_SCRYPT['p']}${encoded[0]}${encoded[1]}"


def _matches(password: str, encoded: str) -> bool:
    found = _HASH.fullmatch(encoded)
    if found is None:
        return False
    salt, key = base64.b64decode(found["salt"]), base64.b64decode(found["key"])
    n, r, p = int(found["n"]), int(found["r"]), int(found["p"])
    tried = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=len(key), maxmem=2**28)
    return hmac.compare_digest(tried, key)


@functools.cache
def _stand_in_hash() -> str:
    """The hash an unknown user's password is checked against: made once, so the check is one scrypt, as for a
    known user."""
    return hash_password("", b"\0" * 16)


@dataclass(frozen=True)
class AuthFile:
    """The users an --auth-file lets in, each with a password hash."""

    hashes: tuple[tuple[str, str], ...]

    def check(self, user: str, password: str) -> bool:
        """Whether `password` is `user`'s (an unknown user costs the same work, so names cannot be probed)."""
        encoded = dict(self.hashes).get(user)
        if encoded is None:
            _matches(password, _stand_in_hash())
            return False
        return _matches(password, encoded)

    @property
    def users(self) -> tuple[str, ...]:
        return tuple(user for user, _ in self.hashes)


def _hash_problem(encoded: str) -> str | None:
    """Why `encoded` is not a hash an auth file may hold, or None. Only the work `reviewqa password` asks for is
    accepted: less makes passwords cheap to guess, more makes each login a long wait (or one that cannot succeed)."""
    found = _HASH.fullmatch(encoded)
    if found is None:
        return "the password must be a hash"
    work = {name: int(found[name]) for name in _SCRYPT}
    if work != _SCRYPT:
        asked, written = (", ".join(f"{k}={v}" for k, v in w.items()) for w in (work, _SCRYPT))
        return f"the hash asks for scrypt {asked}; reviewqa accepts {written}, as `reviewqa password` writes"
    try:
        salt, key = (base64.b64decode(found[part], validate=True) for part in ("salt", "key"))
    except binascii.Error:
        return "the salt or key of the hash is not valid base64"
    if len(key) != _KEY_BYTES:
        return f"the hash's key is {len(key)} bytes; reviewqa's are {_KEY_BYTES}"
    if not _SALT_BYTES[0] <= len(salt) <= _SALT_BYTES[1]:
        return f"the hash's salt is {len(salt)} bytes; reviewqa accepts {_SALT_BYTES[0]} to {_SALT_BYTES[1]}"
    return None


def read_auth_file(path: str | os.PathLike[str]) -> AuthFile:
    """The users of an auth file; AuthFileError names the line that is wrong (blank lines and # comments pass; a
    UTF-8 byte order mark is read past)."""
    source = Path(path)
    try:
        text = source.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise AuthFileError(f"cannot read the auth file {source}: {reason}") from exc
    hashes: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        user, _, encoded = line.partition(":")
        where = f"{source}, line {number}"
        if not USER_NAME.fullmatch(user):
            raise AuthFileError(f"{where}: expected 'user:password-hash' with a user name of letters, digits, . _ @ -")
        problem = _hash_problem(encoded)
        if problem:
            raise AuthFileError(f"{where}: {problem}; make the line with `reviewqa password {user}`")
        if user in hashes:
            raise AuthFileError(f"{where}: user '{user}' is listed twice")
        hashes[user] = encoded
    if not hashes:
        raise AuthFileError(f"the auth file {source} lists no users; add lines made by `reviewqa password NAME`")
    return AuthFile(tuple(hashes.items()))
