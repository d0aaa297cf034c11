"""The shapes the command registrations share: a noun's verbs, and the helpers that add them."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TypeAlias

from vfapp.app.context import CommandContext

Verbs: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
Noun = Callable[[Verbs, str, str], Verbs]
Command = Callable[[Verbs, str, Callable[[CommandContext], int], str], argparse.ArgumentParser]
