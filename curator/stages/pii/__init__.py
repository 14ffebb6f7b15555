"""PII stage: Presidio analyzer + anonymizer tuned for curation (see scrubber.py and docs/pii.md).

Importing this package is cheap; presidio and spaCy load when a PiiScrubber first scrubs.
"""
