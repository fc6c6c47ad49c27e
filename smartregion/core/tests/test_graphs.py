"""The one cycle check (core/graphs.py): no false alarm on a graph without circles, and a named,
real circle whenever there is one."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from smartregion.core.graphs import cycle_in, with_edges


def test_a_circle_over_three_is_named_in_order():
    assert cycle_in({1: {2}, 2: {3}, 3: {1}}) in ([1, 2, 3, 1], [2, 3, 1, 2], [3, 1, 2, 3])
    assert cycle_in({1: {2}, 2: {3}, 3: set()}) == []
    assert cycle_in({1: {1}}) == [1, 1]


def test_replacing_a_nodes_dependencies_drops_its_old_ones():
    graph = with_edges([(1, 2), (2, 3), (3, 4)], 3, [1])
    assert graph == {1: {2}, 2: {3}, 3: {1}}
    assert cycle_in(with_edges([(1, 2), (2, 3), (3, 1)], 3, [])) == []


# Edges only from a higher to a lower number can never close a circle.
downward = st.lists(
    st.tuples(st.integers(0, 30), st.integers(0, 30)).filter(lambda e: e[0] > e[1]), max_size=80
)


@given(edges=downward)
def test_a_graph_without_circles_is_accepted(edges):
    graph: dict[int, set[int]] = {}
    for source, target in edges:
        graph.setdefault(source, set()).add(target)
    assert cycle_in(graph) == []


@given(edges=downward, data=st.data())
def test_an_edge_back_along_a_path_is_found_and_the_circle_is_real(edges, data):
    graph: dict[int, set[int]] = {}
    for source, target in edges:
        graph.setdefault(source, set()).add(target)
    if not edges:
        return
    source, target = data.draw(st.sampled_from(edges))
    graph.setdefault(target, set()).add(source)  # closes source → target → source

    circle = cycle_in(graph)

    assert circle
    assert circle[0] == circle[-1]
    for here, there in itertools.pairwise(circle):
        assert there in graph.get(here, set()), f"{here} does not depend on {there}"
