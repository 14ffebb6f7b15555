"""Label Studio loop: server lifecycle, SDK client, push/pull, QA metrics, resolution, relabel queue, simulate."""
