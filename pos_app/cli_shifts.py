"""`pos-till shift ...` and `pos-till day ...` (filled in by the shifts work)."""

from __future__ import annotations

import argparse


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """Add the `shift` and `day` subcommands."""


COMMANDS: dict = {}
