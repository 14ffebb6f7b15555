"""Quality filters: datatrove's stock filters (tuned for short texts) and our own outlier rules."""
