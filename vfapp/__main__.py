"""`python -m vfapp` runs the command line."""

from vfapp.app.cli import main

raise SystemExit(main())
