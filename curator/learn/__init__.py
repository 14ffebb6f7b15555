"""Active learning: choose what annotators see next (selection strategies, diversity, ActiveLab) and `curator learn`
loops with their learning curves (docs/labeling.md, "Label less, learn more")."""
