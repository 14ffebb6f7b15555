"""curator profile and curator recipe (presets, calibrate): thin; the work is in curator.profile."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from curator.cli.app import JsonOpt, app, sub_app, workspace
from curator.cli.render import console, print_json, table
from curator.errors import CuratorError

recipe_app = sub_app("recipe", "Recipes: the presets for kinds of text, and calibrate one to your corpus.")

SourceOpt = Annotated[str | None, typer.Option("--source", help="Only the active samples of this source.")]
SampleOpt = Annotated[int, typer.Option("--sample", help="Profile a seeded sample of at most N texts.")]


def _recipe(ws, value: str | None, source: str | None):  # noqa: ANN001, ANN202 - Workspace, Recipe
    from curator.engine.recipe import load_recipe
    from curator.profile.presets import AUTO
    from curator.profile.profile import auto_recipe

    if value == AUTO and not Path(AUTO).is_file():
        return auto_recipe(ws, source)
    return load_recipe(Path(value) if value else None)


def _render(result: dict, bound: float) -> None:
    from curator.profile import report

    p = result["profile"]
    rec = result["config"]["recipe"]
    table(f"curator profile — run {result['run_id']}", ["figure", "value"], report.corpus_rows(p))
    table("drops of the recipe, by the first rule that fires", ["rule", "share"], report.top_drops(p))
    rows = report.rule_rows(p, bound)
    cols = ["rule", "threshold", "drops alone", f"<= {bound:.0%} at", "calibrate"]
    shown = [[r["rule"], r["threshold"], report.pct(r["drops"]), r["within_bound_at"], r["calibrate"]] for r in rows]
    table(f"rules of {rec.get('name') or rec['path']}: the share each drops alone", cols, shown)
    if p.get("sampled"):
        console.print(f"profiled a seeded sample of {p['profiled']} of {p['active']} active samples (--sample)")
    if p.get("auto"):
        console.print(f"`curator run auto` would pick {p['auto']['preset']}: {p['auto']['reason']}")


@app.command("profile")
def profile_cmd(
    source: SourceOpt = None,
    recipe: Annotated[
        str | None, typer.Option("--recipe", help="Recipe file, preset name or `auto` (default: the default recipe).")
    ] = None,
    sample: SampleOpt = 5000,
    last: Annotated[bool, typer.Option("--last", help="Show the newest stored profile instead of profiling.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Profile the active samples: lengths, languages, code/references/symbols, lines, and the share of the corpus
    each rule of the recipe would drop. Stored as a run. Example: `curator profile --recipe short_text`."""
    from curator.profile.profile import last_profile, profile

    ws = workspace()
    if last:
        result = last_profile(ws)
        if result is None:
            raise CuratorError("no profile stored yet: run `curator profile`")
    else:
        result = profile(ws, _recipe(ws, recipe, source), source, sample)
    if as_json:
        print_json(result)
        return
    _render(result, 0.02)


@recipe_app.command("presets")
def presets_cmd(as_json: JsonOpt = False) -> None:
    """The preset recipes (run one by name; `auto` picks one by profile). Example: `curator recipe presets --json`."""
    from curator.profile.presets import describe

    rows = describe()
    if as_json:
        print_json([{"name": n, "description": d, "path": p} for n, d, p in rows])
        return
    table("presets", ["name", "description", "file"], rows)


@recipe_app.command("calibrate")
def calibrate_cmd(
    out: Annotated[Path, typer.Option("--out", help="Where to write the calibrated recipe (YAML).")],
    base: Annotated[
        str | None, typer.Option("--base", help="Preset name or recipe file to start from (default: the default).")
    ] = None,
    max_drop: Annotated[
        float, typer.Option("--max-drop", help="Most a rule alone may drop (share, 0.02 = 2%).")
    ] = 0.02,
    source: SourceOpt = None,
    sample: SampleOpt = 5000,
    as_json: JsonOpt = False,
) -> None:
    """Write a recipe whose rules each drop at most --max-drop of this corpus (junk rules excepted), with a comment
    on every change. Example: `curator recipe calibrate --base short_text --max-drop 0.02 --out mine.yaml`."""
    from curator.profile.calibrate import calibrate

    result = calibrate(workspace(), base, out, max_drop, source, sample)
    if as_json:
        print_json(result)
        return
    rows = [
        (f"{step}.{param}", c.get("old", "-"), c.get("new", "-"), f"{c['before']:.1%}", _after(c))
        for step, params in result["changes"].items()
        for param, c in params.items()
    ]
    if rows:
        table(
            f"calibrated {result['out']} (run {result['run_id']})", ["rule", "was", "now", "dropped", "now drops"], rows
        )
    else:
        console.print(f"every rule already drops at most {max_drop:.1%}: thresholds as in the base recipe")
    console.print(f"wrote {result['out']}: run it with `curator run {result['out']}`")


def _after(c: dict) -> str:
    if "kept" in c:
        return "left (junk)" if c["kept"] == "junk" else "left (your languages)"
    return f"{c['after']:.1%}"
