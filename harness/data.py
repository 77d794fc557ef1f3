"""Bundled datasets: verified against data/manifest.toml, returned in the contract's shapes."""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import DATA_DIR


class DatasetError(ValueError):
    """A dataset is missing, unknown, or does not match its manifest entry."""


@dataclass(frozen=True)
class Dataset:
    name: str
    X: np.ndarray  # (n_x, m) float64, one column per example
    Y: np.ndarray  # (1, m) float64 integer labels

    @property
    def n_classes(self) -> int:
        return int(self.Y.max()) + 1


def load_manifest(data_dir: Path = DATA_DIR) -> dict:
    path = data_dir / "manifest.toml"
    if not path.is_file():
        raise DatasetError(f"dataset manifest not found: {path}")
    with path.open("rb") as handle:
        return tomllib.load(handle)


def dataset_names(data_dir: Path = DATA_DIR) -> list[str]:
    return sorted(load_manifest(data_dir))


def load_dataset(name: str, data_dir: Path = DATA_DIR) -> Dataset:
    """Read a bundled CSV after checking its checksum, shape and label range."""
    manifest = load_manifest(data_dir)
    if name not in manifest:
        raise DatasetError(f"dataset '{name}' is not in {data_dir / 'manifest.toml'}; "
                           f"known: {', '.join(sorted(manifest))}")
    entry = manifest[name]
    path = data_dir / entry["file"]
    if not path.is_file():
        raise DatasetError(f"dataset '{name}': file {path} is missing")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != entry["sha256"]:
        raise DatasetError(f"dataset '{name}': sha256 of {path} is {digest}, manifest says {entry['sha256']}")
    table = np.loadtxt(path, delimiter=",", dtype=np.float64, ndmin=2)
    expected_shape = (entry["examples"], entry["features"] + 1)
    if table.shape != expected_shape:
        raise DatasetError(f"dataset '{name}': {path} has shape {table.shape}, manifest says {expected_shape}")
    labels = table[:, -1]
    if not np.all(labels == np.round(labels)):
        raise DatasetError(f"dataset '{name}': labels in {path} are not integers")
    if labels.min() != entry["label_min"] or labels.max() != entry["label_max"]:
        raise DatasetError(f"dataset '{name}': labels span {labels.min():g}..{labels.max():g}, "
                           f"manifest says {entry['label_min']}..{entry['label_max']}")
    X = np.ascontiguousarray(table[:, :-1].T)
    Y = labels.reshape(1, -1).copy()
    return Dataset(name=name, X=X, Y=Y)
