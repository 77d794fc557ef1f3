"""Bundled datasets: verified against data/manifest.toml, returned in the contract's shapes."""

from __future__ import annotations

import csv
import functools
import hashlib
import math
import tomllib
from dataclasses import dataclass, replace
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
    sha256: str = ""  # of the file the numbers came from: recorded with every result

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


def is_csv_path(dataset: str) -> bool:
    """Whether a scenario's `dataset` names a CSV file of the user's rather than a bundled dataset."""
    return dataset.lower().endswith(".csv") or "/" in dataset


def load_dataset(name: str, data_dir: Path = DATA_DIR, label_column: str = "") -> Dataset:
    """Read a bundled CSV after checking its checksum, shape and label range; a path to a CSV
    file of one's own (see `read_csv`) is read and checked cell by cell instead."""
    if is_csv_path(name):
        return read_csv(Path(name), label_column)
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
    return Dataset(name=name, X=X, Y=Y, sha256=digest)


def dataset_sha256(name: str, data_dir: Path = DATA_DIR) -> str | None:
    """The checksum a run records for its dataset: the manifest's for a bundled one (verified
    when loaded), the file's own for a CSV path; None when there is no such file."""
    if is_csv_path(name):
        try:
            return _file_sha256(Path(name), *_stamp(Path(name)))
        except OSError:
            return None
    return load_manifest(data_dir).get(name, {}).get("sha256")


def _stamp(path: Path) -> tuple[int, int]:
    status = path.stat()
    return status.st_mtime_ns, status.st_size


@functools.lru_cache(maxsize=64)
def _file_sha256(path: Path, mtime_ns: int, size: int) -> str:
    # Keyed by modification time and size too: an edited file is hashed (and read) again.
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _number(cell: str) -> float | None:
    try:
        return float(cell)
    except ValueError:
        return None


def read_csv(path: Path, label_column: str = "") -> Dataset:
    """A dataset from a CSV file: one example per line, the features then the label in the last
    column, or in the column a header line names (`label_column`). A first line with no number
    in it is a header. Raises DatasetError naming the file and the line of the first problem:
    ragged rows, cells that are not numbers, NaN or Inf, labels that are not integers >= 0."""
    path = Path(path)
    try:
        stamp = _stamp(path)
    except OSError as error:
        raise DatasetError(f"dataset {path}: cannot read it ({error.strerror or error})") from error
    cached = _read_csv(path, label_column, *stamp)
    return replace(cached, X=cached.X.copy(), Y=cached.Y.copy())  # the cache's arrays stay as read


@functools.lru_cache(maxsize=16)
def _read_csv(path: Path, label_column: str, mtime_ns: int, size: int) -> Dataset:
    # Cached: a scenario is validated (features, classes) and later run from the same file.
    try:
        text = path.read_text(encoding="utf-8-sig")  # a byte-order mark from a spreadsheet is not a cell
    except (OSError, UnicodeDecodeError) as error:
        raise DatasetError(f"dataset {path}: cannot read it as UTF-8 text ({error})") from error

    def fail(line: int, why: str):
        raise DatasetError(f"dataset {path}, line {line}: {why}")

    rows: list[tuple[int, list[str]]] = [(number, [cell.strip() for cell in cells])
                                         for number, cells in enumerate(csv.reader(text.splitlines()), start=1)
                                         if any(cell.strip() for cell in cells)]  # blank lines are skipped
    if not rows:
        raise DatasetError(f"dataset {path}, line 1: the file is empty (expected features then a label on each line)")
    header = None
    if all(_number(cell) is None for cell in rows[0][1]):
        header = rows[0][1]
        rows = rows[1:]
        if not rows:
            fail(1, "only a header line, no examples")
    width = len(header) if header is not None else len(rows[0][1])
    if width < 2:
        fail(rows[0][0], f"{width} column; expected at least one feature and a label")
    label = width - 1
    if label_column:
        if header is None:
            fail(1, f"label_column = \"{label_column}\" needs a header line naming the columns; the first line is numbers")
        if label_column not in header:
            fail(1, f"no column named \"{label_column}\" in the header ({', '.join(header)})")
        label = header.index(label_column)
    table = np.empty((len(rows), width), dtype=np.float64)
    for index, (line, cells) in enumerate(rows):
        if len(cells) != width:
            fail(line, f"{len(cells)} cells, expected {width} like line {rows[0][0] if header is None else 1}")
        for column, cell in enumerate(cells):
            value = _number(cell)
            if value is None:
                fail(line, f"column {column + 1}: {cell!r} is not a number")
            if not math.isfinite(value):
                fail(line, f"column {column + 1}: {cell!r} is not a finite number (NaN and Inf are not data)")
            table[index, column] = value
    labels = table[:, label]
    for index in np.flatnonzero((labels != np.round(labels)) | (labels < 0))[:1]:
        fail(rows[index][0], f"label {labels[index]:g} (column {label + 1}) is not an integer class 0, 1, 2, ...")
    features = np.delete(table, label, axis=1)
    digest = _file_sha256(path, mtime_ns, size)
    return Dataset(name=str(path), X=np.ascontiguousarray(features.T), Y=labels.reshape(1, -1).copy(), sha256=digest)


def label_line(path: Path, label_column: str, value_test) -> tuple[int, float] | None:
    """(line, label) of the first example whose label fails `value_test`, for error messages."""
    dataset = read_csv(path, label_column)
    bad = np.flatnonzero(~value_test(dataset.Y.ravel()))
    if not len(bad):
        return None
    lines = _data_lines(path)
    return lines[bad[0]], float(dataset.Y.ravel()[bad[0]])


def _data_lines(path: Path) -> list[int]:
    """The line number of each example of a CSV file read by `read_csv` (skipping blanks and a header)."""
    lines = [number for number, cells in enumerate(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()), start=1)
             if any(cell.strip() for cell in cells)]
    first = next(csv.reader([path.read_text(encoding="utf-8-sig").splitlines()[lines[0] - 1]]))
    return lines[1:] if all(_number(cell.strip()) is None for cell in first) else lines
