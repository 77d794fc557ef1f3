import shutil

import numpy as np
import pytest

from nnparity import DATA_DIR
from nnparity.blas import choose_core_type
from nnparity.data import DatasetError, load_dataset
from nnparity.draws import draw_inputs
from nnparity.scenario import load_suite, select


def test_datasets_load_in_contract_shapes():
    spiral = load_dataset("spiral")
    assert spiral.X.shape == (2, 300) and spiral.Y.shape == (1, 300) and spiral.n_classes == 3
    assert np.bincount(spiral.Y.ravel().astype(int)).tolist() == [100, 100, 100]
    digits = load_dataset("digits")
    assert digits.X.shape == (64, 1797) and digits.X.min() == 0 and digits.X.max() == 1


def test_manifest_checksum_is_enforced(tmp_path):
    for name in ("manifest.toml", "circles.csv"):
        shutil.copy(DATA_DIR / name, tmp_path / name)
    with open(tmp_path / "circles.csv", "a") as handle:
        handle.write("0,0,1\n")
    with pytest.raises(DatasetError, match="sha256"):
        load_dataset("circles", tmp_path)
    with pytest.raises(DatasetError, match="not in"):
        load_dataset("mnist", tmp_path)


def test_draws_are_deterministic_and_well_formed():
    scenario = select(load_suite(), ["blobs-relu-sigmoid-adam-l2-dropout-3h"])[0]
    dataset = load_dataset(scenario.dataset)
    first, second = draw_inputs(scenario, dataset), draw_inputs(scenario, dataset)
    for name, value in first.params.items():
        np.testing.assert_array_equal(value, second.params[name])
    assert [m.shape for m in first.check_masks] == [(16, 400), (8, 400), (4, 400)]
    assert [m.shape for m in first.train_masks] == [(16, 1200), (8, 1200), (4, 1200)]
    assert all(set(np.unique(m)) <= {0.0, 1.0} for m in first.check_masks + first.train_masks)
    assert first.permutations.shape == (400, 3)
    for column in first.permutations.T:
        assert sorted(column) == list(range(400))
    kept = np.mean(np.concatenate([m.ravel() for m in first.train_masks]))
    assert abs(kept - 0.9) < 0.01


def test_full_batch_uses_the_identity_permutation():
    scenario = select(load_suite(), ["circles-relu-sigmoid-gd"])[0]
    inputs = draw_inputs(scenario, load_dataset("circles"))
    assert np.all(inputs.permutations == np.arange(300)[:, None]) and inputs.check_masks == []


@pytest.mark.parametrize("flags, core", [
    ({"avx512f", "avx512bw", "avx512vl", "avx512dq", "avx512cd", "avx2", "fma", "avx"}, "SkylakeX"),
    ({"avx512f", "avx2", "fma", "avx"}, "Haswell"),
    ({"avx"}, "Sandybridge"),
    ({"sse2"}, None),
])
def test_openblas_core_type_follows_cpu_flags(flags, core):
    assert choose_core_type(flags) == core
