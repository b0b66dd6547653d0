"""Who may keep what in the app: the store (or none), the users of an --auth-file (or the one local profile), and
why notebooks are off when they are (served to others without logins, or the store cannot be used)."""

from __future__ import annotations

from dataclasses import dataclass

from reviewqa.memory.database import Store
from reviewqa.memory.history import History
from reviewqa.memory.notebooks import Notebooks
from reviewqa.memory.users import LOCAL_USER, AuthFile

OFF_WITHOUT_LOGIN = (
    "Notebooks are off: this app is served to others without logins (--auth-file), so what you collect lasts "
    "until the page is closed and quiz answers are not kept."
)


@dataclass(frozen=True)
class MemoryAccess:
    """The app's study memory: on (a store, and users from `auth` or the local profile) or off (`off_reason`)."""

    store: Store | None = None
    auth: AuthFile | None = None
    off_reason: str = ""

    @property
    def on(self) -> bool:
        return self.store is not None

    def user(self, username: str | None) -> str | None:
        """Whose rows a request reads and writes: the logged-in user, the local profile, or None (memory off)."""
        if self.store is None:
            return None
        if self.auth is not None:
            return username if username in self.auth.users else None
        return LOCAL_USER

    def notebooks(self, username: str | None) -> Notebooks | None:
        user = self.user(username)
        return Notebooks(self.store, user) if self.store is not None and user else None

    def history(self, username: str | None) -> History | None:
        user = self.user(username)
        return History(self.store, user) if self.store is not None and user else None


def memory_access(
    store: Store | None, auth: AuthFile | None, served_to_others: bool, problem: str = ""
) -> MemoryAccess:
    """On with a store, unless served to others without an auth file; `problem`: why the store could not open."""
    if store is None:
        return MemoryAccess(off_reason=f"Notebooks are off: {problem} What you collect lasts until the page is closed.")
    if served_to_others and auth is None:
        return MemoryAccess(off_reason=OFF_WITHOUT_LOGIN)
    return MemoryAccess(store, auth)
