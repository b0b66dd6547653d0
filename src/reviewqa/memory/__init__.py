"""The study memory: one SQLite store in the user's data folder that keeps what outlives a session.

`location` finds the data folder, `schema` lists the tables and their forward migrations, `database` opens the
store safely (`Store`), `notebooks` keeps named notebooks of passages, `scheduling` wraps the FSRS scheduler,
`history` records quiz answers and what is due, `progress` sums them up, and `users` reads the app's auth file.
Every row is keyed by a user name ('local' on this machine). Imports `quiz`, `writing` and below.
"""
