"""One call that runs every stage of a parity scenario, each stage caught on its own."""

from .backward import backward_propagation
from .cost import compute_cost
from .forward import forward_propagation
from .gradient_check import gradient_check
from .optimizers import initialize_optimizer, scheduled_learning_rate, update_parameters
from .predict import accuracy, predict
from .train import train
from .validate import BadInput, LANGUAGE, check_options


def error_message(error):
    """The contract's message for bad input; anything else keeps its type so it is recognisable."""
    if isinstance(error, BadInput):
        return str(error)
    return f"[{LANGUAGE}] {type(error).__name__}: {error}"


def run_scenario(X, Y, params, options, check_masks, permutations, train_masks, check_directions=None):
    """cost, grads, gradcheck, update, training, predict and errors (stage -> message).

    `check_directions` (P, K) are the gradient check's fast-mode directions (None: drawn from
    options["seed"]).

    A stage that raised is missing from the record and has its message under errors; the others
    still run. update and predict need grads and training: if those failed, they fail too, with
    the same message.
    """
    record, errors = {}, {}

    def stage(name, compute):
        try:
            record[name] = compute()
        except Exception as error:  # noqa: BLE001 - every failure is reported, never raised
            errors[name] = error_message(error)

    def cost_stage():
        opts = check_options("run_scenario", options)
        _, caches = forward_propagation(X, params, opts["hidden_activation"], opts["output_activation"],
                                        opts["keep_prob"], check_masks)
        return compute_cost(caches[-1]["Z"], Y, opts["output_activation"], params, opts["lambd"])

    def grads_stage():
        opts = check_options("run_scenario", options)
        AL, caches = forward_propagation(X, params, opts["hidden_activation"], opts["output_activation"],
                                         opts["keep_prob"], check_masks)
        return backward_propagation(AL, Y, caches, opts["hidden_activation"], opts["output_activation"],
                                    opts["lambd"], opts["keep_prob"])

    def update_stage():
        opts = check_options("run_scenario", options)
        grads = record["grads"] if "grads" in record else grads_stage()
        state = initialize_optimizer(params, opts["optimizer"])
        new_params, new_state = update_parameters(params, grads, state, opts, 1, scheduled_learning_rate(opts, 0))
        return {"params": new_params, "state": new_state}

    def training_stage():
        new_params, costs = train(X, Y, params, options, permutations, train_masks)
        return {"params": new_params, "costs": costs}

    def predict_stage():
        opts = check_options("run_scenario", options)
        trained = record["training"]["params"] if "training" in record else training_stage()["params"]
        labels = predict(X, trained, opts["hidden_activation"], opts["output_activation"])
        return {"labels": labels, "accuracy": accuracy(labels, Y)}

    stage("cost", cost_stage)
    stage("grads", grads_stage)
    stage("gradcheck", lambda: gradient_check(X, Y, params, options, check_masks, check_directions))
    stage("update", update_stage)
    stage("training", training_stage)
    stage("predict", predict_stage)
    record["errors"] = errors
    return record
