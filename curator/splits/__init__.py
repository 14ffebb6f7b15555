"""Splits: stratified / grouped / time splits, versioned by content hash, with manifest, dataset card and export."""

from curator.splits.build import build_split
from curator.splits.export import export_split
from curator.splits.inspect import diff_splits, list_splits, show_split
from curator.splits.options import SplitOptions

__all__ = ["SplitOptions", "build_split", "diff_splits", "export_split", "list_splits", "show_split"]
