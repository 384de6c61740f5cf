import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest


@pytest.fixture
def till_app(tmp_path):
    """A real till: SQLite file, migrations, services, a virtual printer in tmp_path."""
    from tests.till_fixtures import open_seeded_till

    app = open_seeded_till(tmp_path / "till")
    yield app
    app.close()


@pytest.fixture
def till(till_app):
    return till_app.till
