"""Write data/digits.csv from the 8x8 digits scikit-learn ships (run once; kept for provenance).

Pixels are divided by 16 so features lie in [0, 1] (exact in binary, so "%.10g" loses nothing); the last column is the label 0..9.
Same layout as the book's CSVs: one example per row, label last, no header.
"""
from pathlib import Path

import numpy as np
from sklearn.datasets import load_digits

digits = load_digits()
table = np.column_stack([digits.data / 16.0, digits.target.astype(float)])
np.savetxt(Path(__file__).with_name("digits.csv"), table, fmt="%.10g", delimiter=",")
