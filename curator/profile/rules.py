"""The threshold rules of the recipe's steps, as `curator profile` and `curator recipe calibrate` see them.

A rule is one param of a registered step that decides a drop on its own (`min_doc_words` of gopher_quality_v1):
its direction (`min`: a text is dropped when its statistic is below the threshold; `max`: above; `flag`: the rule
is on or off), the param value that turns it off (`off`, so the rule can be measured alone: every other rule of the
step is set to its `off` value, the params that are not rules keep the recipe's values), a grid of thresholds to
measure the drop share at (ordered strictest first; its last value is the loosest `calibrate` may set), and whether
the rule targets junk outright (`junk`: calibrate never loosens it, whatever it drops — repetition, runs of one
character, text with few letters, lorem ipsum, duplicated lines).

Nothing here judges a text: the step's own code does (curator.profile.measure builds the step with these params).
A step param missing from this table is not measured alone; its drops show as the step's `(other rules)`.
"""

from __future__ import annotations

from dataclasses import dataclass

OFF_MAX = 1e9  # "no maximum" (finite: runs.config is JSON)


@dataclass(frozen=True)
class Rule:
    """One threshold param of one step."""

    step: str
    param: str
    direction: str  # min | max | flag
    off: object  # the value that disables the rule
    grid: tuple  # thresholds measured, strictest first (the last: the loosest calibrate may set); flag: (on,)
    fixed: str = ""  # why calibrate leaves it as it is: "junk" (targets junk outright) or "scope" (a user's choice)
    why: str = ""

    @property
    def junk(self) -> bool:
        return self.fixed == "junk"

    @property
    def name(self) -> str:
        return f"{self.step}.{self.param}"

    def drops_more(self, a: object, b: object) -> bool:
        """Whether threshold `a` is stricter than `b`."""
        if self.direction == "flag":
            return a != self.off and b == self.off
        return a > b if self.direction == "min" else a < b  # type: ignore[operator]


def _r(step: str, param: str, direction: str, off: object, grid: tuple, junk: bool = False, why: str = "") -> Rule:
    order = {"min": True, "max": False}.get(direction)
    grid = tuple(sorted(grid, reverse=order)) if order is not None else grid
    return Rule(step, param, direction, off, grid, "junk" if junk else "", why)


def _keep(step: str) -> Rule:
    """The kept languages: measured (the share of texts in other languages), never changed by calibrate."""
    return Rule(step, "keep", "flag", None, (RECIPE_VALUE,), "scope", "languages the recipe keeps")


RECIPE_VALUE = "<recipe>"  # a flag rule's `on` value that means: the value the recipe gives


def _langid(step: str) -> tuple[Rule, ...]:
    return (_keep(step), _r(step, "min_score", "min", 0.0, (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.65, 0.8), why="score"))


def _outliers(step: str) -> tuple[Rule, ...]:
    return (
        _r(step, "min_chars", "min", 0, (0, 1, 2, 3, 5, 8, 10, 12, 15, 20, 25, 30, 40, 50, 100, 200), why="chars"),
        _r(step, "min_words", "min", 0, (0, 1, 2, 3, 4, 5, 8, 10, 20, 30), why="words"),
        _r(step, "max_chars", "max", OFF_MAX, (2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000, 1_000_000)),
        _r(step, "min_letter_ratio", "min", 0.0, (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7), junk=True),
        _r(step, "max_symbol_word_ratio", "max", OFF_MAX, (0.1, 0.2, 0.3, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0)),
        _r(step, "max_char_run", "max", 0, (3, 5, 8, 10, 15, 20, 30, 50), junk=True),
        _r(step, "min_unique_word_ratio", "min", 0.0, (0.0, 0.1, 0.2, 0.3, 0.4, 0.5), junk=True),
    )


def _gopher(step: str) -> tuple[Rule, ...]:
    return (
        _r(step, "min_doc_words", "min", 0, (0, 1, 2, 3, 4, 5, 8, 10, 20, 50)),
        _r(step, "max_doc_words", "max", 0, (1_000, 10_000, 100_000, 1_000_000)),
        _r(step, "min_avg_word_length", "min", 0, (0, 1.0, 1.5, 2.0, 2.5, 3.0)),
        _r(step, "max_avg_word_length", "max", 0, (8, 10, 12, 15, 20, 30)),
        _r(step, "max_symbol_word_ratio", "max", 0, (0.05, 0.1, 0.2, 0.3, 0.5, 1.0), why="# and …"),
        _r(step, "max_bullet_lines_ratio", "max", 0, (0.5, 0.7, 0.9, 1.0)),
        _r(step, "max_ellipsis_lines_ratio", "max", 0, (0.1, 0.3, 0.5, 0.75, 1.0)),
        _r(step, "max_non_alpha_words_ratio", "min", 0, (0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)),
        _r(step, "min_stop_words", "min", 0, (0, 1, 2)),
    )


def _fineweb(step: str) -> tuple[Rule, ...]:
    return (
        _r(step, "line_punct_thr", "min", 0.0, (0.0, 0.05, 0.12, 0.2, 0.5)),
        _r(step, "short_line_thr", "max", 1.0, (0.5, 0.67, 0.8, 0.9, 1.0)),
        _r(step, "char_duplicates_ratio", "max", 1.0, (0.01, 0.05, 0.1, 0.2, 0.3, 0.5), junk=True),
        _r(step, "new_line_ratio", "max", 1e9, (0.3, 0.5, 1.0, 2.0, 5.0)),
    )


RULES: tuple[Rule, ...] = (
    *_langid("fasttext_langid_v1"),
    *_langid("hybrid_langid_v1"),
    *_langid("hybrid_langid_v2"),
    *_langid("hybrid_langid_v3"),
    *_langid("hybrid_langid_v4"),
    *_outliers("outliers_v1"),
    *_outliers("outliers_v2"),
    # outliers_v2's junk rules (issue 15): base64/hex blobs, pasted diffs, keyboard mash, address dumps
    _r("outliers_v2", "max_blob_share", "max", 1.0, (0.3, 0.5, 0.7, 0.9), junk=True),
    _r("outliers_v2", "drop_diffs", "flag", False, (True,), junk=True),
    _r("outliers_v2", "max_mash_share", "max", 2.0, (0.2, 0.3, 0.4, 0.5, 0.7, 1.0), junk=True),
    _r("outliers_v2", "max_address_lines", "max", 1.0, (0.3, 0.5, 0.7, 0.9), junk=True),
    *_gopher("gopher_quality_v1"),
    *_gopher("gopher_quality_v2"),
    _r("c4_quality_v1", "min_num_sentences", "min", 0, (0, 1, 2, 3, 5)),
    _r("c4_quality_v1", "filter_lorem_ipsum", "flag", False, (True,), junk=True),
    _r("c4_quality_v1", "filter_curly_bracket", "flag", False, (True,), why="code on web pages"),
    *_fineweb("fineweb_quality_v1"),
    *_fineweb("fineweb_quality_v2"),
)
# steps measured as a whole (every rule of them targets junk: repetition of lines, paragraphs and n-grams)
JUNK_STEPS = ("gopher_repetition_v1",)


def rules_of(step: str) -> list[Rule]:
    """The rules of a registered step this table knows (in table order). A language step the table does not name
    (a newer version) gets the language rules when it has their params (`keep`, `min_score`)."""
    known = [r for r in RULES if r.step == step]
    if known:
        return known
    from curator.stages.registry import REGISTRY, resolve_params

    info = REGISTRY.get(step)
    if info is not None and info.stage == "langid" and {"keep", "min_score"} <= set(resolve_params(step, {})):
        return list(_langid(step))
    return []


def off_params(step: str) -> dict[str, object]:
    """Every known rule of the step turned off."""
    return {r.param: r.off for r in rules_of(step)}


def junk_rules() -> list[str]:
    """The rules calibrate never loosens (documented in docs/curation.md, Calibrate)."""
    return [r.name for r in RULES if r.junk] + [f"{s} (all rules)" for s in JUNK_STEPS]


def flag_grid(rule: Rule, current: object) -> list:
    """A flag rule's measured values: on (the recipe's value where the rule says so), then off."""
    on = current if rule.grid[0] == RECIPE_VALUE else rule.grid[0]
    return [on, rule.off] if on != rule.off and on is not None else [rule.off]
