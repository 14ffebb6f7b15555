"""`curator eval`: curation quality measured on a labeled set, through the same code the recipe runs.

Definitions: docs/eval.md. One module per scorer (pii, langid, quality, dedup); truth
files are checked by truth.py against schemas/eval/; outcome.py runs the recipe in a scratch workspace.
"""

from curator.eval.run import evaluate

__all__ = ["evaluate"]
