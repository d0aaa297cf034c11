"""The bundled program's entry point: the same `vfapp` command line, named `attune`."""

import sys

from vfapp.app.cli import main

if __name__ == "__main__":
    args = sys.argv[1:]
    if sys.platform == "darwin" and not [a for a in args if not a.startswith("-psn_")]:
        args = ["app"]  # opened from Finder or the Dock: no command, so open the window
    sys.exit(main(args))
