"""The --auth-file: only hashes `reviewqa password` writes are let in; any other line is refused at start-up in
one line naming it; a UTF-8 byte order mark is read past."""

from __future__ import annotations

import base64

import pytest

from reviewqa.errors import AuthFileError
from reviewqa.memory.users import hash_password, read_auth_file

SALT = base64.b64encode(b"s" * 16).decode()
KEY = base64.b64encode(b"k" * 32).decode()
FIX = "; make the line with `reviewqa password ana`"


def test_a_line_made_by_reviewqa_password_is_let_in(tmp_path):
    auth = tmp_path / "users"
    auth.write_text(f"# the class\n\nana:{hash_password('correct horse')}\n")
    users = read_auth_file(auth)
    assert users.users == ("ana",) and users.check("ana", "correct horse") and not users.check("ana", "wrong")


def test_a_byte_order_mark_is_read_past(tmp_path):
    auth = tmp_path / "users"
    auth.write_bytes(b"\xef\xbb\xbf" + f"ana:{hash_password('correct horse')}\r\n".encode())  # Notepad's UTF-8
    assert read_auth_file(auth).check("ana", "correct horse")


@pytest.mark.parametrize(
    ("encoded", "problem"),
    [
        (f"scrypt$2$1$1${SALT}${KEY}", "the hash asks for scrypt n=2, r=1, p=1; reviewqa accepts n=16384, r=8, p=1"),
        (f"scrypt$1048576$8$1${SALT}${KEY}", "the hash asks for scrypt n=1048576, r=8, p=1; reviewqa accepts"),
        (f"scrypt$16384$99$99${SALT}${KEY}", "the hash asks for scrypt n=16384, r=99, p=99; reviewqa accepts"),
        (f"scrypt$16384$8$1${SALT}$AA==", "the hash's key is 1 bytes; reviewqa's are 32"),
        (f"scrypt$16384$8$1${SALT}${KEY[:-4]}", "the hash's key is 30 bytes; reviewqa's are 32"),
        (f"scrypt$16384$8$1${SALT}$AAA", "the salt or key of the hash is not valid base64"),
        (f"scrypt$16384$8$1$AA=A${KEY}", "the salt or key of the hash is not valid base64"),
        (f"scrypt$16384$8$1$AA==${KEY}", "the hash's salt is 1 bytes; reviewqa accepts 16 to 64"),
        ("secret", "the password must be a hash"),
    ],
)
def test_a_hash_reviewqa_did_not_write_is_refused_naming_its_line(tmp_path, encoded, problem):
    auth = tmp_path / "users"
    auth.write_text(f"ben:{hash_password('battery staple')}\n# ana:\nana:{encoded}\n")
    with pytest.raises(AuthFileError) as refused:
        read_auth_file(auth)
    message = str(refused.value)
    assert message.startswith(f"{auth}, line 3: {problem}") and message.endswith(FIX) and "\n" not in message
