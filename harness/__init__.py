"""nnparity: run one L-layer network in numpy, R and Octave on identical inputs and say who is wrong."""

__version__ = "0.1.0"

# Data, scenarios and the three implementations: the repository's folders in a checkout, the
# package's bundled copies once installed (resources.py decides, nothing else looks).
from .resources import DATA_DIR, IMPL_DIRS, REPO_ROOT, SCENARIO_DIR  # noqa: E402

LANGUAGES = ("python", "r", "octave")
LANGUAGE_LABELS = {"python": "Python", "r": "R", "octave": "Octave"}
