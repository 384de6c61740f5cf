"""Reading the JSON files operators load (promotions, members) with one-line errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hq_server.services.errors import BadInput


def read_json(path: Path) -> Any:
    """The file's JSON; BadInput (one line) when it cannot be read, is not UTF-8 or not JSON."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise BadInput(f"cannot read {path}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise BadInput(f"{path} is not UTF-8 text") from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadInput(f"{path} is not valid JSON: {exc.msg} at line {exc.lineno} "
                       f"column {exc.colno}") from exc
