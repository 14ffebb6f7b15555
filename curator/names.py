"""Names users give things (sources, splits, labels, projects): full-string matches over a stated character set.

A name becomes a folder, a column value shown in the review app, a Label Studio `<Choice>` and a line in a dataset
card, so it must be inert everywhere: no path separators or `..`, no control or bidirectional characters, no
markup-leading characters. The rules (also in docs/trust.md):

- identifiers (source, split, project, model names): ``[A-Za-z0-9][A-Za-z0-9_.-]{0,99}``, not ``.``/``..`` and
  no ``..`` inside;
- labels: 1-100 characters of letters and digits of any script, space and ``_ . - : / + & ( ) , '``, starting
  with a letter or digit, not ending with a space.
"""

from __future__ import annotations

import re

from curator.errors import BadInput
from curator.plain import visible

IDENT_CHARS = "letters A-Z a-z, digits, '_', '.', '-' (first a letter or digit, at most 100)"
LABEL_CHARS = "letters and digits of any script, space and _ . - : / + & ( ) , ' (first a letter or digit, at most 100)"

_IDENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,99}")
_LABEL = re.compile(r"[^\W_](?:[\w .\-:/+&(),']{0,98}[\w.\-:/+&(),'])?")


def is_identifier(value: object) -> bool:
    """Whether value is a valid source/split/project/model name."""
    return isinstance(value, str) and _IDENT.fullmatch(value) is not None and ".." not in value


def is_label(value: object) -> bool:
    """Whether value is a valid label."""
    return isinstance(value, str) and _LABEL.fullmatch(value) is not None


def check_identifier(value: object, kind: str = "name") -> str:
    """value itself when it is a valid identifier, else BadInput naming the kind and the allowed characters."""
    if not is_identifier(value):
        raise BadInput(f"invalid {kind} {shown(value)}: use {IDENT_CHARS}")
    return str(value)


def check_label(value: object, kind: str = "label") -> str:
    """value itself when it is a valid label, else BadInput naming the allowed characters."""
    if not is_label(value):
        raise BadInput(f"invalid {kind} {shown(value)}: use {LABEL_CHARS}")
    return str(value)


def shown(value: object, limit: int = 80) -> str:
    """A repr-like, single-line, control-free rendering of an untrusted value for messages (never interpreted)."""
    text = value if isinstance(value, str) else repr(value)
    out = visible(text[:limit])
    return f"'{out}…'" if len(text) > limit else f"'{out}'"
