"""Hybrid logical clock: orders edits across terminals even when their wall clocks disagree."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True, slots=True)
class Hlc:
    wall_ms: int
    counter: int
    node: str

    def __str__(self) -> str:  # sortable as text
        return f"{self.wall_ms:013d}-{self.counter:05d}-{self.node}"

    @classmethod
    def parse(cls, text: str) -> Hlc:
        wall, counter, node = text.split("-", 2)
        return cls(int(wall), int(counter), node)


def tick(last: Hlc | None, now_ms: int, node: str) -> Hlc:
    """The next timestamp for a local event."""
    if last is None or now_ms > last.wall_ms:
        return Hlc(now_ms, 0, node)
    return Hlc(last.wall_ms, last.counter + 1, node)


def receive(last: Hlc | None, remote: Hlc, now_ms: int, node: str) -> Hlc:
    """The next timestamp after seeing a remote one."""
    wall = max(now_ms, remote.wall_ms, last.wall_ms if last else 0)
    if last is not None and wall == last.wall_ms == remote.wall_ms:
        counter = max(last.counter, remote.counter) + 1
    elif last is not None and wall == last.wall_ms:
        counter = last.counter + 1
    elif wall == remote.wall_ms:
        counter = remote.counter + 1
    else:
        counter = 0
    return Hlc(wall, counter, node)
