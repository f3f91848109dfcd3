"""A `number` argument that is whole goes out as it was written: `300`, not `300.0` (a server
reading an integer there refuses the float's spelling)."""

from __future__ import annotations

from typing import Any

from apiclients._core.models import Params
from apiclients._core.operation import Operation


class _Track(Params):
    altitude: float
    latitude: float
    ratios: list[float]
    scale: float


def test_a_whole_number_is_sent_without_a_fraction() -> None:
    op: Operation[Any] = Operation(
        method="POST",
        path="/tracks/{altitude}",
        params=_Track,
        path_params=("altitude",),
        query=("latitude", "ratios"),
        form=True,
    )
    wire = op.to_wire({"altitude": 300.0, "latitude": -42.0, "ratios": [2.5, 1.0], "scale": 3.0})
    assert wire.path == "/tracks/300"
    assert wire.query == [("latitude", "-42"), ("ratios", "2.5"), ("ratios", "1")]
    assert wire.form == {"scale": "3"}
