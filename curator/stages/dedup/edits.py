"""Whether two short texts differ by local edits (minhash_dup_v3's check of a character-similar pair).

Character 5-gram Jaccard of two short texts cannot tell "the same text, edited" from "two texts sharing a phrase":
"Update lintian overrides" and "clean out obsolete lintian overrides" (0.44), "Switch to debhelper compat level
12." and "Switch to debhelper version 13" (0.39), a changelog item and the same item with a whole line added inside
(0.40) are as similar as "[WIP] Fix flaky test" and its original. What an edit leaves is the text itself: the same
words (datatrove's simplified text: lower case, punctuation → space, accents stripped, digits kept) in the same
order, with few and small differing regions (difflib's word alignment):
- at most 1 + n // `per` regions (n: words of the shorter text; one region up to 3 words, two from 4, …);
- each one of: words added or removed at the start or end (a prefix "Quick question:", a suffix "(LP: #2041)",
  any length: the similarity threshold bounds it), one word added or removed inside, digits changed ("4.5.0" →
  "4.6.1"), or up to 1 + n // `per` words replaced by as many (a changed word or two);
- at least `min_shared` (3) words in common.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from datatrove.utils.text import TextNormConfig

from curator.stages.dedup.signature import simplify

_NORM = TextNormConfig(norm_numbers=False)  # as short.py: digits kept


def words(text: str) -> list[str]:
    return simplify(text, _NORM).split()


def local_edits(a: str, b: str, per: int = 4, min_shared: int = 3) -> bool:
    """Whether b is a with local edits only (above); texts with the same words are."""
    wa, wb = words(a), words(b)
    regions = [op for op in SequenceMatcher(None, wa, wb, autojunk=False).get_opcodes() if op[0] != "equal"]
    if not regions:
        return True
    limit = 1 + min(len(wa), len(wb)) // per
    shared = len(wa) - sum(i2 - i1 for _, i1, i2, _, _ in regions)
    if len(regions) > limit or shared < min_shared:
        return False
    return all(_local(op, wa, wb, limit) for op in regions)


def _local(op: tuple[str, int, int, int, int], wa: list[str], wb: list[str], limit: int) -> bool:
    tag, i1, i2, j1, j2 = op
    if tag in ("insert", "delete"):
        at_end = i1 == 0 or i2 == len(wa) if tag == "delete" else j1 == 0 or j2 == len(wb)
        return at_end or max(i2 - i1, j2 - j1) <= 1
    if all(w.isdigit() for w in wa[i1:i2] + wb[j1:j2]):
        return True
    return max(i2 - i1, j2 - j1) <= limit
