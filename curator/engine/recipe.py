"""Curation recipes: YAML → validated (schemas/pipeline.schema.json) → resolved stages with full params."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from curator.catalog.runs import config_hash
from curator.errors import CuratorError
from curator.stages.registry import get_step, resolve_params

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_PATH = ROOT / "schemas" / "pipeline.schema.json"
DEFAULT_RECIPE = ROOT / "pipelines" / "default.yaml"
PRESETS_DIR = ROOT / "pipelines" / "presets"  # recipes for kinds of text; a --recipe value may name one
ENGINE_DEFAULTS = {"rows_per_shard": 5000, "batch_size": 256}


@dataclass
class StagePlan:
    """One stage of a recipe: its steps (name, version, resolved params) and the key of that configuration."""

    stage: str
    steps: list[dict[str, Any]]

    @property
    def key(self) -> str:
        """Decisions carry this key: a sample is pending for the stage until it has one with the current key."""
        return config_hash({"stage": self.stage, "steps": [(s["name"], s["params"]) for s in self.steps]})

    @property
    def step_names(self) -> list[str]:
        return [s["name"] for s in self.steps]


@dataclass
class Recipe:
    path: str
    stages: list[StagePlan]
    engine: dict[str, Any] = field(default_factory=lambda: dict(ENGINE_DEFAULTS))
    name: str = ""
    auto: dict[str, Any] | None = None  # `auto`: the preset picked, why, and the figures (curator.profile.auto)

    def resolved(self) -> dict[str, Any]:
        """The fully resolved recipe, as saved in runs.config."""
        out = {
            "path": self.path,
            "name": self.name,
            "engine": self.engine,
            "stages": [{"stage": s.stage, "key": s.key, "steps": s.steps} for s in self.stages],
        }
        if self.auto:
            out["auto"] = self.auto
        return out


def _where(err: jsonschema.ValidationError) -> str:
    return "/".join(str(p) for p in err.absolute_path) or "(top level)"


def validate(doc: Any, path: str) -> None:
    """Schema check with a one-line error naming the bad key."""
    schema = yaml.safe_load(SCHEMA_PATH.read_text(encoding="utf-8"))
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(doc), key=lambda e: list(e.absolute_path))
    if errors:
        err = errors[0]
        raise CuratorError(f"recipe {path}: at {_where(err)}: {err.message}")


def load_recipe(path: Path | None = None) -> Recipe:
    """Read, validate and resolve a recipe (default: pipelines/default.yaml); a name names `default` or a preset
    (`short_text`: pipelines/presets/NAME.yaml) unless a file of that name exists."""
    path = Path(path) if path else DEFAULT_RECIPE
    if not path.is_file() and len(path.parts) == 1:  # a name: `default` or a preset
        named = DEFAULT_RECIPE if str(path) == "default" else PRESETS_DIR / f"{path}.yaml"
        path = named if named.is_file() else path
    if not path.is_file():
        raise CuratorError(f"recipe {path} not found")
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise CuratorError(f"recipe {path}: not valid YAML: {str(exc).splitlines()[0]}") from None
    validate(doc, str(path))
    stages = []
    for i, st in enumerate(doc["stages"]):
        steps = []
        for j, spec in enumerate(st["steps"]):
            info = get_step(spec["step"])
            if info.stage != st["stage"]:
                raise CuratorError(
                    f"recipe {path}: at stages/{i}/steps/{j}: step {info.name} belongs to stage "
                    f"{info.stage}, not {st['stage']}"
                )
            try:
                params = resolve_params(info.name, spec.get("params"))
            except CuratorError as exc:
                raise CuratorError(f"recipe {path}: at stages/{i}/steps/{j}/params: {exc}") from None
            steps.append({"name": info.name, "version": info.version, "params": params})
        stages.append(StagePlan(st["stage"], steps))
    return Recipe(str(path), stages, {**ENGINE_DEFAULTS, **doc.get("engine", {})}, doc.get("name", ""))


def select_stages(recipe: Recipe, wanted: list[str] | None) -> list[StagePlan]:
    """The recipe's stages, restricted to `wanted` (in recipe order); unknown names are an error."""
    if not wanted:
        return recipe.stages
    have = [s.stage for s in recipe.stages]
    unknown = [w for w in wanted if w not in have]
    if unknown:
        raise CuratorError(f"--stages: {', '.join(unknown)} not in recipe {recipe.path} (it has {', '.join(have)})")
    return [s for s in recipe.stages if s.stage in wanted]
