"""`--recipe auto`: pick a preset from a corpus profile by four documented rules, first match wins.

1. **chat** when at least `CHAT_DOCS` (30%) of the texts are conversations: 2 or more lines, at least half of them
   speaker turns (`Name: …`, `<nick> …`, `[12:01] …`, `> …`; curator.profile.features).
2. **technical** when at least `TECHNICAL_DOCS` (45%) of the texts hold inline code, an identifier (snake_case,
   camelCase, a::b, call()), a reference (#123, a version, a path) or a URL, and the median text is short (under
   `LONG_CHARS` characters): technical prose of web length is `web`.
3. **short_text** when the median text is under `LONG_CHARS` (1,000) characters.
4. **web** otherwise (long documents).
The thresholds were set on data/eval/dev (docs/curation.md, Presets). The choice, the figures it was made on and the
rule that fired are printed by `curator run --recipe auto` and recorded in the run's config (`auto`).
"""

from __future__ import annotations

from typing import Any

CHAT_DOCS = 0.30
TECHNICAL_DOCS = 0.45
LONG_CHARS = 1000


def choose(features: dict[str, Any]) -> dict[str, Any]:
    """{preset, reason, figures} for a corpus profile (curator.profile.features.corpus_features)."""
    median = features["chars"]["p50"]
    chat, tech = features["chat_docs"], features["technical_docs"]
    figures = {"median_chars": median, "chat_docs": chat, "technical_docs": tech, "texts": features["texts"]}
    if chat >= CHAT_DOCS:
        preset, why = "chat", f"{chat:.0%} of texts are speaker-turn conversations (>= {CHAT_DOCS:.0%})"
    elif tech >= TECHNICAL_DOCS and median < LONG_CHARS:
        preset = "technical"
        why = (
            f"{tech:.0%} of texts hold code, identifiers, references or URLs (>= {TECHNICAL_DOCS:.0%}) "
            f"and the median text is {median:.0f} chars (< {LONG_CHARS})"
        )
    elif median < LONG_CHARS:
        preset = "short_text"
        why = f"median text {median:.0f} chars (< {LONG_CHARS}); {tech:.0%} technical texts (< {TECHNICAL_DOCS:.0%})"
    else:
        preset = "web"
        why = f"median text {median:.0f} chars (>= {LONG_CHARS}): long documents"
    return {"preset": preset, "reason": why, "figures": figures}


def choose_for_texts(texts: list[str]) -> dict[str, Any]:
    """`choose` on the features of `texts`."""
    from curator.profile.features import corpus_features

    return choose(corpus_features(texts))


def recipe_for_texts(path: Any, texts: list[str]) -> Any:
    """`load_recipe(path)`, except `auto` (no file of that name): the preset `choose` picks for `texts` (what
    `curator eval --recipe auto` scores: the truth file's texts stand for the corpus)."""
    from pathlib import Path

    from curator.engine.recipe import PRESETS_DIR, load_recipe

    if path is None or str(path) != "auto" or Path(path).is_file():
        return load_recipe(path)
    choice = choose_for_texts(texts)
    recipe = load_recipe(PRESETS_DIR / f"{choice['preset']}.yaml")
    recipe.auto = choice
    return recipe
