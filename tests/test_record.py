"""The record every language returns is checked against one declared schema at the boundary."""

import numpy as np

from nnparity.adapters.base import Adapter
from nnparity.draws import ScenarioInputs
from nnparity.record import STAGES, check_stage, normalise

DIMS = (2, 3, 1)


def good(stage):
    params = {"W1": np.zeros((3, 2)), "b1": np.zeros((3, 1)), "W2": np.zeros((1, 3)), "b2": np.zeros((1, 1))}
    grads = {"d" + k: v for k, v in params.items()}
    one = np.zeros((1, 1))
    return {"cost": one, "grads": grads,
            "gradcheck": {"difference": one, "difference_all": one, "error": one, "noise": one,
                          "tensor_differences": {k: one for k in grads}, "tensor_errors": {k: one for k in grads},
                          "tensor_noise": {k: one for k in grads}, "tensor_modes": {k: "full" for k in grads},
                          "grad": np.zeros((13, 1)), "gradapprox": np.zeros((13, 1)), "kink_indices": np.zeros((0, 1)),
                          "n_kinks": one},
            "update": {"params": params, "state": {"v": grads, "s": grads}},
            "training": {"params": params, "costs": np.zeros((1, 2))},
            "predict": {"labels": np.zeros((1, 5)), "accuracy": one}}[stage]


def test_well_formed_stages_pass():
    for stage in STAGES:
        assert check_stage(stage, good(stage), DIMS, 5, 2) == [], stage


def test_each_malformation_is_named():
    assert check_stage("cost", np.zeros((1, 2)), DIMS, 5, 2) == ["cost must have shape (1, 1); got (1, 2)"]
    grads = dict(good("grads"))
    grads["dW1"] = grads["dW1"].T  # a transposed tensor is a finding for the comparison, not malformed
    grads["dW2"] = "text"
    del grads["db2"]
    problems = check_stage("grads", grads, DIMS, 5, 2)
    assert problems == ["grads.db2 is missing", "grads.dW2 must be a matrix; got str"]
    check = dict(good("gradcheck"))
    del check["noise"]
    assert check_stage("gradcheck", check, DIMS, 5, 2) == ["gradcheck.noise is missing"]
    check = dict(good("gradcheck"), tensor_modes={"dW1": "full"})
    assert any("tensor_modes" in p for p in check_stage("gradcheck", check, DIMS, 5, 2))
    assert check_stage("training", {"params": good("training")["params"], "costs": [1.0]}, DIMS, 5, 2) == [
        "training.costs must be a matrix; got list"]
    assert check_stage("predict", {"labels": np.zeros((1, 5))}, DIMS, 5, 2) == ["predict.accuracy is missing"]


class Planted(Adapter):
    """A language whose record is malformed in one stage and raises in another."""

    language = "python"

    def __init__(self, record):
        self.record, self.calls, self.timeout = record, 0, 1.0

    def _run_scenario(self, inputs):
        return self.record

    def call(self, function, *args, nout=1):
        raise NotImplementedError


def test_a_malformed_stage_is_that_languages_error_and_the_rest_survive():
    inputs = ScenarioInputs(X=np.zeros((2, 5)), Y=np.zeros((1, 5)), params=good("training")["params"],
                            options={"num_epochs": 2}, check_masks=[], permutations=np.zeros((5, 2)), train_masks=[])
    record = {stage: good(stage) for stage in STAGES}
    record["cost"] = [1.0, 2.0]  # a list where a scalar belongs
    record["gradcheck"] = {"difference": 1e-9}
    record["errors"] = {"update": "boom"}
    del record["update"]
    result = Planted(record).run(inputs)
    assert "malformed cost result" in result.errors["cost"] and "(1, 1)" in result.errors["cost"]
    assert "gradcheck.error is missing" in result.errors["gradcheck"] and "(+7 more)" in result.errors["gradcheck"]
    assert result.errors["update"] == "boom"
    assert set(result.stages) == {"grads", "training", "predict"}


def test_normalise_makes_one_value_type():
    value = normalise({"a": 1, "b": [2.0, np.int64(3)], "c": "text", "d": None, "e": np.arange(3)})
    assert value["a"].shape == (1, 1) and value["a"].dtype == np.float64
    assert [v.shape for v in value["b"]] == [(1, 1), (1, 1)] and value["c"] == "text" and "d" not in value
