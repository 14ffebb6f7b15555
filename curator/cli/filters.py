"""curator train-filter: a learned quality filter from the curator's own judgments."""
