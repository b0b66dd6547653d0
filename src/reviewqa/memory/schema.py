"""The store's tables, as forward migrations: migration i takes `PRAGMA user_version` from i to i + 1.

Never edit a migration that has shipped; add the next one. Times are ISO 8601 in UTC; `user` keys every row.
"""

from __future__ import annotations

NOTEBOOKS = (
    """CREATE TABLE notebooks (
        id INTEGER PRIMARY KEY,
        user TEXT NOT NULL,
        name TEXT NOT NULL COLLATE NOCASE,
        created TEXT NOT NULL,
        updated TEXT NOT NULL,
        UNIQUE (user, name)
    )""",
    """CREATE TABLE notebook_items (
        notebook_id INTEGER NOT NULL REFERENCES notebooks (id) ON DELETE CASCADE,
        chunk_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        added TEXT NOT NULL,
        PRIMARY KEY (notebook_id, chunk_id)
    )""",
    "CREATE INDEX notebook_items_in_order ON notebook_items (notebook_id, position)",
)

QUIZ_HISTORY = (
    """CREATE TABLE answers (
        id INTEGER PRIMARY KEY,
        user TEXT NOT NULL,
        item_key TEXT NOT NULL,
        answered TEXT NOT NULL,
        correct INTEGER NOT NULL CHECK (correct IN (0, 1)),
        given TEXT NOT NULL,
        rating TEXT NOT NULL CHECK (rating IN ('again', 'hard', 'good', 'easy')),
        chunk_id TEXT NOT NULL,
        section TEXT NOT NULL
    )""",
    "CREATE INDEX answers_by_item ON answers (user, item_key, answered)",
    "CREATE INDEX answers_by_time ON answers (user, answered)",
    """CREATE TABLE cards (
        user TEXT NOT NULL,
        item_key TEXT NOT NULL,
        due TEXT NOT NULL,
        state TEXT NOT NULL,
        PRIMARY KEY (user, item_key)
    )""",
    "CREATE INDEX cards_by_due ON cards (user, due)",
)

# MIGRATIONS[i]: the statements that take a store from schema version i to i + 1.
MIGRATIONS: tuple[tuple[str, ...], ...] = (NOTEBOOKS, QUIZ_HISTORY)
SCHEMA_VERSION = len(MIGRATIONS)
