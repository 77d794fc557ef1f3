import itertools

import pytest

from nnparity.data import dataset_names
from nnparity.scenario import HIDDEN_ACTIVATIONS, OPTIMIZERS, OUTPUT_ACTIVATIONS, ScenarioError, load_scenario_file, load_suite, select


def test_default_suite_covers_the_promised_space():
    suite = load_suite()
    pairs = {(s.hidden_activation, s.output_activation) for s in suite}
    assert pairs == set(itertools.product(HIDDEN_ACTIVATIONS, OUTPUT_ACTIVATIONS))
    assert {s.optimizer for s in suite} == set(OPTIMIZERS)
    assert {s.lr_schedule for s in suite} == {"none", "exponential", "inverse_time"}
    assert {len(s.layer_dims) - 2 for s in suite} == {1, 2, 3, 4}
    assert {s.dataset for s in suite} == set(dataset_names())
    assert {(s.lambd > 0, s.keep_prob < 1) for s in suite} == {(False, False), (True, False), (False, True), (True, True)}
    assert len({s.id for s in suite}) == len(suite)


def test_every_bad_field_is_reported_at_once(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("""
[[scenario]]
id = "one"
dataset = "circles"
layer_dims = [3, 4, 1]
keep_prob = 1.5
optimizer = "sgd"
batch_size = 0
colour = "red"

[[scenario]]
id = "two"
dataset = "nowhere"
layer_dims = [2, 4, 1]
hidden_activation = "elu"
""")
    with pytest.raises(ScenarioError) as caught:
        load_scenario_file(path)
    problems = "\n".join(caught.value.problems)
    for field in ("layer_dims", "keep_prob", "optimizer", "batch_size", "colour", "dataset", "hidden_activation"):
        assert f"'{field}'" in problems
    assert problems.count(str(path)) == len(caught.value.problems) == 7
    assert "'one'" in problems and "'two'" in problems


def test_output_layer_must_fit_the_dataset(tmp_path):
    path = tmp_path / "out.toml"
    path.write_text('[[scenario]]\nid = "x"\ndataset = "spiral"\nlayer_dims = [2, 4, 1]\n')
    with pytest.raises(ScenarioError, match="sigmoid output on a 0/1 dataset"):
        load_scenario_file(path)
    path.write_text('[[scenario]]\nid = "x"\ndataset = "spiral"\nlayer_dims = [2, 4, 4]\noutput_activation = "softmax"\n')
    with pytest.raises(ScenarioError, match="3 classes"):
        load_scenario_file(path)


def test_duplicate_ids_across_files(tmp_path):
    for name in ("a", "b"):
        (tmp_path / f"{name}.toml").write_text('[[scenario]]\nid = "same"\ndataset = "circles"\nlayer_dims = [2, 3, 1]\n')
    with pytest.raises(ScenarioError, match="also used in"):
        load_suite([tmp_path])


def test_select_by_id_and_prefix():
    suite = load_suite()
    assert [s.id for s in select(suite, ["circles-relu-sigmoid-gd"])] == ["circles-relu-sigmoid-gd"]
    assert {s.dataset for s in select(suite, ["spiral-*"])} == {"spiral"}
    with pytest.raises(ScenarioError, match="unknown scenario id 'nope'"):
        select(suite, ["nope"])
