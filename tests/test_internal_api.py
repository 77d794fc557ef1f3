"""The internal API of docs/CONTRACT.md, defined in all three languages: for each helper, where
numpy, R and Octave define it. A helper missing from a language, or a function a language
defines that neither the contract nor the internal API names, fails."""

import re

import pytest

from nnparity import IMPL_DIRS, REPO_ROOT

CONTRACT = (REPO_ROOT / "docs" / "CONTRACT.md").read_text()
# Plumbing each language's idiom needs, outside the shared API (name -> why).
ALLOWED_EXTRAS = {
    "python": {"error_message": "run_scenario's message for an unexpected exception (Python's exception classes)"},
    "r": {"run_stage": "R's tryCatch wrapper for one stage of run_scenario"},
    "octave": {"run_tests": "the %!test runner of the native suite",
               "read_dataset": "loads a bundled CSV for Octave's own tests",
               "install_test_mutant": "test-only: plants a bug to prove a %!test catches it",
               "remove_test_mutant": "test-only: removes it again"},
}


def contract_functions() -> set:
    section = CONTRACT[CONTRACT.index("## Functions, in this order"):CONTRACT.index("## Errors")]
    names = set(re.findall(r"^\d+b?\. `(\w+)\(", section, flags=re.M))
    names |= set(re.findall(r"`(\w+)\([^`]*\)` →", section))  # second functions of an item (accuracy, …)
    names |= set(re.findall(r"; `(\w+)\(", section))
    return names


def internal_helpers() -> set:
    section = CONTRACT[CONTRACT.index("## Internal API"):]
    table = [line for line in section.splitlines() if line.startswith("| ") and not line.startswith("| group")]
    names = set()
    for line in table:
        helper_cell = line.split("|")[2]
        names |= set(re.findall(r"`(\w+)(?:\(|`)", helper_cell))
    twins = re.search(r"Twins exist for (.*?)\.", section, flags=re.S).group(1)
    names |= {f"{name}_unchecked" for name in re.findall(r"`(\w+)`", twins)}
    return names


def definitions(language: str) -> dict:
    """name -> file (relative to the implementation) for every top-level function."""
    root = IMPL_DIRS[language]
    found = {}
    if language == "python":
        for path in sorted((root / "nnparity_numpy").glob("*.py")):
            for name in re.findall(r"^def (\w+)\(", path.read_text(), flags=re.M):
                if not name.startswith("_"):
                    found[name] = str(path.relative_to(root))
    elif language == "r":
        for path in sorted((root / "R").glob("*.R")):
            for name in re.findall(r"^(\w+) <- function\(", path.read_text(), flags=re.M):
                found[name] = str(path.relative_to(root))
    else:
        for path in sorted(list(root.glob("*.m")) + list((root / "private").glob("*.m"))):
            found[path.stem] = str(path.relative_to(root))
    return found


def test_the_contract_sections_parse():
    assert {"run_scenario", "train_steps", "accuracy", "vector_to_parameters", "gradient_check"} <= contract_functions()
    assert {"bad_input", "check_number", "update_with_adam", "stacked_costs", "forward_propagation_unchecked"} <= internal_helpers()


@pytest.mark.parametrize("language", ["python", "r", "octave"])
def test_every_helper_is_defined_and_nothing_else(language):
    defined = definitions(language)
    expected = contract_functions() | internal_helpers()
    missing = sorted(expected - set(defined))
    extra = sorted(set(defined) - expected - set(ALLOWED_EXTRAS[language]))
    assert not missing, f"{language} lacks {missing}"
    assert not extra, f"{language} defines functions outside the contract and the internal API: " + ", ".join(
        f"{name} ({defined[name]})" for name in extra)


def test_octave_keeps_helpers_private():
    defined = definitions("octave")
    public = {name for name, path in defined.items() if "/" not in path}
    assert public - ALLOWED_EXTRAS["octave"].keys() == contract_functions() & set(defined), (
        "top-level octave_impl/ holds exactly the contract functions (helpers live in private/)")


def test_where_each_helper_lives(capsys):
    """The listing the issue asks for: one line per helper, its file in each language."""
    tables = {language: definitions(language) for language in ("python", "r", "octave")}
    for name in sorted(internal_helpers()):
        print(f"{name:<34} " + "  ".join(f"{tables[l].get(name, 'MISSING'):<28}" for l in tables))
    assert capsys.readouterr().out.count("\n") == len(internal_helpers())
