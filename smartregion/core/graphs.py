"""Dependencies as a directed graph: the one check that refuses circles (milestones, projects)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from graphlib import CycleError, TopologicalSorter


def cycle_in(depends_on: Mapping[int, Iterable[int]], *, start: int | None = None) -> list[int]:
    """A circle of dependencies in the graph (node → the nodes it depends on), or [] if none.

    The circle is given in order and closed (its first node again at the end), beginning at
    ``start`` when it passes there, so it can be named to the person who would have created it.
    """
    try:
        TopologicalSorter(depends_on).prepare()
    except CycleError as error:
        circle = list(error.args[1])[::-1][:-1]
        if start in circle:
            at = circle.index(start)
            circle = circle[at:] + circle[:at]
        return [*circle, circle[0]]
    return []


def with_edges(
    edges: Iterable[tuple[int, int]], node: int, new_targets: Iterable[int]
) -> dict[int, set[int]]:
    """The graph of ``edges`` (node, depends on) with ``node``'s dependencies replaced."""
    graph: dict[int, set[int]] = {}
    for source, target in edges:
        if source != node:
            graph.setdefault(source, set()).add(target)
    graph[node] = set(new_targets)
    return graph
