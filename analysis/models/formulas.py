"""The registry of formulas that claims may call from ``data/claims/*.yaml``.

A formula is a pure, vectorised function of named quantities (numpy arrays or floats) that
returns one quantity in a declared unit. Claims refer to formulas by their qualified name
(``compute.days_on_cluster``); the registry keeps that name, the unit and the docstring so the
book can show every formula next to its result.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

Number = float | np.ndarray


@dataclass(frozen=True)
class Formula:
    name: str
    unit: str
    fn: Callable[..., Number]

    @property
    def doc(self) -> str:
        return (self.fn.__doc__ or "").strip()


FORMULAS: dict[str, Formula] = {}


def formula(unit: str) -> Callable[[Callable[..., Number]], Callable[..., Number]]:
    """Register ``fn`` under ``<module>.<name>`` with the unit of its result."""

    def register(fn: Callable[..., Number]) -> Callable[..., Number]:
        module = fn.__module__.rsplit(".", 1)[-1]
        name = f"{module}.{fn.__name__}"
        FORMULAS[name] = Formula(name=name, unit=unit, fn=fn)
        return fn

    return register
