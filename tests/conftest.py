import os

# Before oct2py is imported anywhere in the test session.
os.environ.setdefault("OCTAVE_EXECUTABLE", "octave-cli --no-history")

# pytester runs user-style test files against the installed nnparity pytest plugin (test_pytest_plugin.py).
pytest_plugins = ["pytester"]
