"""The canonical flat vector (SPEC.md): for l = 1..L, vec(Wl) then vec(bl), columns stacked."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np


class Tensor(NamedTuple):
    name: str  # "W1", "b1", ...
    shape: tuple[int, int]
    start: int  # slice of the flat vector, 0-based
    end: int


def tensor_layout(layer_dims) -> list[Tensor]:
    tensors, start = [], 0
    for layer in range(1, len(layer_dims)):
        for kind, shape in (("W", (layer_dims[layer], layer_dims[layer - 1])), ("b", (layer_dims[layer], 1))):
            size = shape[0] * shape[1]
            tensors.append(Tensor(f"{kind}{layer}", shape, start, start + size))
            start += size
    return tensors


def unflatten(vector: np.ndarray, layer_dims, prefix: str = "") -> dict:
    """Named tensors (`prefix` + "W1", ...) from a flat vector in the canonical order."""
    flat = np.ravel(vector)
    return {prefix + t.name: flat[t.start:t.end].reshape(t.shape, order="F") for t in tensor_layout(layer_dims)}


def tensor_of(index: int, layer_dims) -> str:
    """The tensor holding component `index` (0-based) of the flat vector."""
    return next(t.name for t in tensor_layout(layer_dims) if t.start <= index < t.end)


def row_major_order(layer_dims) -> np.ndarray:
    """Where each component of a row-major flat vector sits in the canonical (column-major) one."""
    return np.concatenate([np.arange(t.start, t.end).reshape(t.shape, order="F").ravel(order="C")
                           for t in tensor_layout(layer_dims)])
