"""`vfapp codebook` commands (being written)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any


def register(
    verbs: argparse._SubParsersAction[argparse.ArgumentParser], command: Callable[..., Any]
) -> None:
    """Add this noun's verbs."""
