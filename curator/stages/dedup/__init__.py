"""Deduplication: exact (text_hash) and near (datatrove MinHash), with deterministic keepers."""
