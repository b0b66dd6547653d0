"""`python -m reviewqa` is the `reviewqa` command."""

from reviewqa.cli import main

raise SystemExit(main())
