"""pytest setup for the nnparity_numpy tests."""

import importlib.util
import sys
from pathlib import Path

import pytest

TESTS_DIR = Path(__file__).resolve().parent
IMPL_DIR = TESTS_DIR.parent

# `pip install -e /work/main` maps nnparity_numpy; without it, import the package from python_impl/.
if importlib.util.find_spec("nnparity_numpy") is None:
    sys.path.insert(0, str(IMPL_DIR))
sys.path.insert(0, str(TESTS_DIR))

from nnparity_numpy_testing import load_dataset  # noqa: E402


@pytest.fixture
def circles():
    return load_dataset("circles")


@pytest.fixture
def spiral():
    return load_dataset("spiral")
