"""Learned quality filters (issue 15): a fastText keep/drop model trained from the curator's own judgments.

    from curator.filters.train import train_filter
    card = train_filter(ws, "mine", "reviews")       # or "audits", or the path of a labeled JSONL file

The recipe step `learned_quality_v1` (curator.stages.quality.learned) applies a filter with a threshold.
"""
