"""nnparity_numpy: the numpy implementation of the nnparity network (docs/SPEC.md, docs/CONTRACT.md).

Only relative imports inside this package: the harness loads mutated copies under other names.
"""

from .validate import (BadInput, check_data, check_directions, check_masks, check_options, check_params,
                       check_permutations)
from .initialize import initialize_parameters
from .forward import (activation_forward, dropout_forward, forward_propagation, linear_forward,
                      softmax_forward)
from .cost import compute_cost, cross_entropy_terms, l2_regularization_cost
from .backward import (activation_backward, backward_propagation, dropout_backward, linear_backward,
                       output_backward)
from .vectorize import parameters_to_vector, vector_to_parameters
from .gradient_check import gradient_check
from .optimizers import initialize_optimizer, scheduled_learning_rate, update_parameters
from .train import random_mini_batches, train, train_steps
from .predict import accuracy, predict
from .run_scenario import run_scenario

__all__ = [
    "BadInput", "check_options", "check_data", "check_params", "check_masks", "check_permutations", "check_directions",
    "initialize_parameters",
    "linear_forward", "activation_forward", "softmax_forward", "dropout_forward", "forward_propagation",
    "compute_cost", "cross_entropy_terms", "l2_regularization_cost",
    "output_backward", "activation_backward", "dropout_backward", "linear_backward", "backward_propagation",
    "parameters_to_vector", "vector_to_parameters",
    "gradient_check",
    "initialize_optimizer", "update_parameters", "scheduled_learning_rate",
    "random_mini_batches", "train", "train_steps",
    "predict", "accuracy",
    "run_scenario",
]
