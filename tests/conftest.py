import os

# Before oct2py is imported anywhere in the test session.
os.environ.setdefault("OCTAVE_EXECUTABLE", "octave-cli --no-history")
