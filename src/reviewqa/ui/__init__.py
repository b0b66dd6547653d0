"""The only HTML: the Gradio app and everything it renders.

`html` escapes and draws cards, chips and highlights; `replies` renders a chat `Reply`; `quiz_view` and
`collection_view` render those tabs; `server` guards what the web server accepts; `app` wires the library to
the page (`build_demo`, `launch`, `main`), with `static/app.css` and `static/app.js`. Needs the `[app]` extra.
"""
