"""The training area's shape: no import circle, one declaration per hyperparameter, one --json option, and
keyword-only option dataclasses."""

from __future__ import annotations

import ast
import importlib
import re
from dataclasses import fields
from pathlib import Path

import pytest

from curator.train.config import FastTextConfig, TrainConfig, cli_help

ROOT = Path(__file__).resolve().parents[2]
TRAIN = ROOT / "curator" / "train"


def imports_of(path: Path) -> list[tuple[str, bool]]:
    """(curator module, imported inside a function?) for every import of a curator module in the file."""
    tree, out = ast.parse(path.read_text(encoding="utf-8")), []
    top = {id(node) for node in tree.body}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("curator."):
            out.append((node.module, id(node) not in top))
        elif isinstance(node, ast.Import):
            out += [(a.name, id(node) not in top) for a in node.names if a.name.startswith("curator.")]
    return out


def graph() -> dict[str, set[str]]:
    """Edges between the modules of curator.train (imports inside functions included)."""
    return {
        f"curator.train.{p.stem}": {m for m, _ in imports_of(p) if m.startswith("curator.train.")}
        for p in TRAIN.glob("*.py")
    }


def test_no_import_circle_in_train():
    """finetune ↔ predict ↔ fasttext_baseline and runner ↔ search were circles (hidden by imports inside functions)."""
    edges, state, cycles = graph(), {}, []

    def visit(node: str, path: list[str]) -> None:
        state[node] = "open"
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == "open":
                cycles.append(path[path.index(nxt) :] + [nxt])
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = "done"

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    assert cycles == []


def test_train_modules_import_curator_modules_at_the_top():
    """No import of our own modules hidden inside a function (where it used to hide the circles), but the ones listed
    with their reason."""
    lazy = {
        ("predict.py", "curator.train.transformer"): "torch only for a transformer: fastText serves start ~6 s sooner"
    }
    hidden = [(p.name, m) for p in TRAIN.glob("*.py") for m, inside in imports_of(p) if inside]
    assert [h for h in hidden if h not in lazy] == []


@pytest.mark.parametrize("cls", [TrainConfig, FastTextConfig])
def test_every_hyperparameter_has_its_help_with_its_default(cls):
    for f in fields(cls):
        assert f.metadata.get("help"), f"{cls.__name__}.{f.name} has no help"


def test_cli_takes_defaults_and_help_from_the_config(cli):
    text = " ".join(cli("train", "--help").stdout.replace("│", " ").split())
    for name in ("epochs", "lr", "batch_size", "max_length", "weight_decay", "warmup", "patience", "seed"):
        assert " ".join(cli_help(name).split()) in text, name
    assert "(default: minilm 3, fasttext 25)" in text and "(default: minilm 32; not used by fasttext)" in text
    source = (ROOT / "curator" / "cli" / "train.py").read_text(encoding="utf-8")
    assert not re.search(r"\b(5e-5|0\.01|0\.1|128)\b", source)  # no hyperparameter default written in the CLI


def test_one_json_option_definition():
    sources = {p.name: p.read_text(encoding="utf-8") for p in (ROOT / "curator" / "cli").glob("*.py")}
    assert sum(s.count('"--json"') for s in sources.values()) == 1 and '"--json"' in sources["app.py"]


OPTIONS = [  # (module, class, how many leading fields may be positional: the subject, e.g. the split's name)
    ("curator.ingest", "IngestOptions", 1),
    ("curator.splits.options", "SplitOptions", 1),
    ("curator.label.project", "InitOptions", 1),
    ("curator.label.push", "PushOptions", 0),
    ("curator.label.resolve", "ResolveOptions", 0),
    ("curator.label.simulate", "SimulateOptions", 0),
    ("curator.train.config", "TrainOptions", 0),
    ("curator.train.config", "TrainConfig", 0),
    ("curator.train.config", "FastTextConfig", 0),
]


@pytest.mark.parametrize(("module", "name", "positional"), OPTIONS)
def test_option_dataclasses_are_keyword_only(module, name, positional):
    cls = getattr(importlib.import_module(module), name)
    assert [f.name for f in fields(cls) if not f.kw_only] == [f.name for f in fields(cls)][:positional]
