"""Production monitoring (issue 19): drift of a production source against the monitored model's training split,
stored per window; uncertain and drifted production samples back to labeling; compare and promote. See
docs/monitor.md."""
