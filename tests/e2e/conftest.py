"""A seeded HQ served by real uvicorn on 127.0.0.1, and a till enrolled with it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.e2e.helpers import pos_till
from tests.hq_process import add_terminal, running_hq, seed_demo


@pytest.fixture(scope="session")
def seeded_hq_file(tmp_path_factory) -> Path:
    """Seeding takes seconds; seed once and give each test its own copy of the file."""
    path = tmp_path_factory.mktemp("hq-seed") / "hq.sqlite"
    seed_demo(f"sqlite:///{path}")
    return path


@pytest.fixture
def hq(tmp_path, seeded_hq_file):
    db_path = tmp_path / "hq.sqlite"
    shutil.copyfile(seeded_hq_file, db_path)
    with running_hq(f"sqlite:///{db_path}") as server:
        yield server


@pytest.fixture
def till_dir(tmp_path, hq) -> Path:
    """A till enrolled with `hq` through the real `pos-till enroll` command."""
    data_dir = tmp_path / "till"
    code = add_terminal(hq.db_url, "S001", "T01")
    out = pos_till(data_dir, "enroll", "--hq", hq.url, "--code", code).stdout
    assert "enrolled S001-T01" in out
    return data_dir
