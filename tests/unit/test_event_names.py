"""The services name their events without importing `sync` (import rules); the names must be
the protocol's."""

from pos_app.services import events
from sync import protocol


def test_event_names_match_the_protocol():
    names = {k: v for k, v in vars(events).items() if k.isupper() and isinstance(v, str)}
    assert names, "no event names found"
    for name, value in names.items():
        assert getattr(protocol, name) == value, name
