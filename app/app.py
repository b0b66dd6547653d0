"""`python app/app.py [--host H] [--port P] [--index DIR]`: the same as `reviewqa serve` (reviewqa.ui.app)."""

import sys

from reviewqa.cli.main import main

if __name__ == "__main__":
    sys.exit(main(["serve", *sys.argv[1:]]))
