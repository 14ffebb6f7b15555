"""`curator recipe calibrate`: an explicit recipe whose rules each drop at most `max_drop` of this corpus.

From a base recipe (a preset or a file) and a profile of the corpus (curator.profile.measure: each rule measured
alone, on the same step code the recipe runs), every rule that would drop more than `max_drop` of the texts is
loosened to the strictest threshold of its grid that drops at most `max_drop`; when no grid value does, the rule is
turned off. A rule is never tightened. Left as they are, whatever they drop: the rules that target junk outright
(curator.profile.rules.junk_rules: repetition, runs of one character, text with few letters, lorem ipsum, duplicated
lines) and the kept languages (a user's choice). The output is a plain recipe YAML: every change has a comment with
the old and new threshold and the measured share before and after; the header says what was profiled.
"""

from __future__ import annotations

import json
from typing import Any

import yaml

from curator.profile.rules import Rule, rules_of

HEADER = (
    "# Written by `curator recipe calibrate`. This file is the recipe: edit it like any other.\n# Profiled: {scope}."
)


def loosen(rule: Rule, measured: dict[str, Any], max_drop: float) -> tuple[Any, float, bool] | None:
    """(new threshold, its drop share, turned off) for a rule over the bound; None to leave it (junk, scope, within
    the bound)."""
    if rule.fixed or measured["share"] <= max_drop:
        return None
    current = measured["threshold"]
    for value, share in measured["curve"]:
        if rule.drops_more(current, value) and share <= max_drop:
            return value, share, value == rule.off
    return rule.off, 0.0, True


def changes(base: Any, measured: dict[str, Any], max_drop: float) -> dict[str, dict[str, dict[str, Any]]]:
    """{step: {param: {old, new, before, after}}} for every rule the bound loosens, and notes for those it keeps."""
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for step in measured["steps"]:
        known = {r.param: r for r in rules_of(step["step"])}
        for m in step["rules"]:
            rule = known[m["param"]]
            new = loosen(rule, m, max_drop)
            if new is not None:
                entry = {"old": m["threshold"], "new": new[0], "before": m["share"], "after": new[1], "off": new[2]}
            elif m["share"] > max_drop:
                entry = {"old": m["threshold"], "kept": rule.fixed, "before": m["share"]}
            else:
                continue
            out.setdefault(step["step"], {})[m["param"]] = entry
        if step.get("junk_step") and step["share"] > max_drop:
            out.setdefault(step["step"], {})["(all rules)"] = {"kept": "junk", "before": step["share"]}
    return out


def _description(base_doc: dict[str, Any]) -> str:
    base = base_doc.get("description") or base_doc.get("name") or "a recipe"
    return f"{base} (calibrated to a corpus)"


def _value(v: Any) -> str:
    return json.dumps(v, ensure_ascii=False)


def _comment(param: str, c: dict[str, Any], max_drop: float) -> str:
    if "kept" in c:
        why = "targets junk" if c["kept"] == "junk" else "the languages are your choice"
        return f"# {param}: drops {c['before']:.1%} of this corpus (> {max_drop:.1%}), left as it is: {why}"
    turned = " (turned off)" if c["off"] else ""
    return (
        f"# {param}: {_value(c['old'])} -> {_value(c['new'])}{turned}: dropped {c['before']:.1%} of this corpus "
        f"alone, now {c['after']:.1%} (bound {max_drop:.1%})"
    )


def _step_lines(spec: dict[str, Any], notes: dict[str, dict[str, Any]], max_drop: float) -> list[str]:
    lines = [f"      - step: {spec['step']}"]
    params = dict(spec.get("params") or {})
    for param, c in notes.items():
        if "new" in c:
            params[param] = c["new"]
    if params:
        lines.append("        params:")
    for param, value in params.items():
        if param in notes:
            lines.append(f"          {_comment(param, notes[param], max_drop)}")
        lines.append(f"          {param}: {_value(value)}")
    for param, c in notes.items():
        if param not in params:
            lines.append(f"        {_comment(param, c, max_drop)}")
    return lines


def render(base_doc: dict[str, Any], found: dict[str, Any], max_drop: float, scope: str, name: str) -> str:
    """The calibrated recipe's YAML text (base_doc with the changes applied, comments on each)."""
    head = [
        HEADER.format(scope=scope),
        f"# Bound: each rule alone drops at most {max_drop:.1%} of the profiled texts, except rules that target junk",
        "# (docs/curation.md, Calibrate). Thresholds only change where a rule was over the bound; none is tightened.",
        "version: 1",
        f"name: {_value(name)}",
        f"description: {_value(_description(base_doc))}",
    ]
    if base_doc.get("engine"):
        head.append("engine: " + _value(base_doc["engine"]))
    head.append("stages:")
    for st in base_doc["stages"]:
        head.append(f"  - stage: {st['stage']}")
        head.append("    steps:")
        for spec in st["steps"]:
            head.extend(_step_lines(spec, found.get(spec["step"], {}), max_drop))
    text = "\n".join(head) + "\n"
    yaml.safe_load(text)  # the file must load as written
    return text


def calibrate(
    ws: Any, base: str | None, out: Any, max_drop: float = 0.02, source: str | None = None, sample: int = 5000
) -> dict[str, Any]:
    """Profile the active samples with the base recipe, write the calibrated recipe to `out`, record the run."""
    from pathlib import Path

    from curator.catalog.connection import connect
    from curator.catalog.lock import writer_lock
    from curator.catalog.runs import Run
    from curator.engine.recipe import load_recipe
    from curator.errors import BadInput
    from curator.profile.measure import measure_recipe
    from curator.profile.profile import SEED, read_texts

    if not 0 <= max_drop < 1:
        raise BadInput(f"--max-drop {max_drop}: a share between 0 and 1 (0.02 = 2%)")
    recipe = load_recipe(base)
    base_doc = yaml.safe_load(Path(recipe.path).read_text(encoding="utf-8"))
    texts, total = read_texts(ws, source, sample)
    found = changes(recipe, measure_recipe(recipe, texts), max_drop)
    sampled = f"a seeded sample of {len(texts)} of {total}" if total > len(texts) else f"all {total}"
    scope = f"{sampled} active samples{f' of source {source}' if source else ''}, base {recipe.path}"
    name = f"{base_doc.get('name') or Path(recipe.path).stem}-calibrated"
    text = render(base_doc, found, max_drop, scope, name)
    Path(out).write_text(text, encoding="utf-8")
    config = {"base": recipe.path, "max_drop": max_drop, "source": source, "sample": sample, "seed": SEED}
    run = Run("recipe calibrate", {**config, "out": str(out)})
    with writer_lock(ws, "recipe calibrate"), connect(ws) as con:
        run.record(con, status="succeeded", counts={"changes": found}, n_in=len(texts))
    return {"run_id": run.run_id, "out": str(out), "changes": found, "profiled": len(texts), "active": total}
