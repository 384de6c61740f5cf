"""`pos-till refund ...` (filled in by the refunds work)."""

from __future__ import annotations

import argparse


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """Add the `refund` subcommand."""


COMMANDS: dict = {}
