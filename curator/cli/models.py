"""curator models list|show|promote|retire and curator serve."""
