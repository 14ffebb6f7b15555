"""Deterministic synthetic demo data (support tickets, PII fixtures, messy inputs)."""
