"""`python -m reviewqa` is the `reviewqa` command."""

from reviewqa.cli.main import main

raise SystemExit(main())
