"""Registered stages and versioned curation steps: name → "module:Class", resolved parameters.

A stage is a folder curator/stages/<name>/ whose stage.py implements curator.stages.base.Stage; a step is a
datatrove filter (`filter(doc)` / `filter_batch(docs)` returning `True` or `(False, reason)`) built on
curator.stages.base.CuratorStep. Reasons start with the step's registered name ("gopher_quality_v1:
gopher_short_doc"). The registry maps names to import paths so that listing steps or validating a recipe does not
import datatrove. Adding a stage: its folder, one line in `_STAGE_LIST`, its steps in `_STEPS`, and its name in
schemas/pipeline.schema.json.
"""

from __future__ import annotations

import importlib
import inspect
import json
import os
from dataclasses import asdict, dataclass
from typing import Any

from curator.errors import CuratorError


@dataclass(frozen=True)
class StepInfo:
    """Where a registered step lives and which stage it belongs to."""

    name: str
    stage: str
    target: str  # "module:Class"
    summary: str

    @property
    def version(self) -> int:
        return int(self.name.rsplit("_v", 1)[1])

    def load(self) -> type:
        return load_target(self.target)


def load_target(target: str) -> Any:
    """The object a "module:Name" target names."""
    module, name = target.split(":")
    return getattr(importlib.import_module(module), name)


_STEPS = [
    StepInfo("fasttext_langid_v1", "langid", "curator.stages.langid.fasttext_langid:FastTextLangId",
             "fastText lid.176 language + score; drops languages not kept"),
    StepInfo("hybrid_langid_v1", "langid", "curator.stages.langid.hybrid_langid:HybridLangId",
             "fastText, plus lingua for short/unsure texts; drops languages not kept, flags short unsure ones"),
    StepInfo("hybrid_langid_v2", "langid", "curator.stages.langid.kept_langid:KeptLangId",
             "fastText; where unsure, lingua over the kept languages unless fastText sees another; flags short unsure"),
    StepInfo("hybrid_langid_v3", "langid", "curator.stages.langid.lexicon_langid:LexiconLangId",
             "hybrid_langid_v2 plus word frequencies of the kept languages (wordfreq) as a third opinion"),
    StepInfo("hybrid_langid_v4", "langid", "curator.stages.langid.wordlist_langid:WordListLangId",
             "hybrid_langid_v3; fastText's kept share not inflated; 'another language' checked by its own word list"),
    StepInfo("outliers_v1", "quality", "curator.stages.quality.outliers:OutlierRules",
             "length and character outliers: too short/long, symbols per word, mostly non-letters"),
    StepInfo("gopher_quality_v1", "quality", "curator.stages.quality.datatrove_filters:GopherQuality",
             "datatrove GopherQualityFilter, thresholds tuned for short texts"),
    StepInfo("gopher_repetition_v1", "quality", "curator.stages.quality.datatrove_filters:GopherRepetition",
             "datatrove GopherRepetitionFilter"),
    StepInfo("c4_quality_v1", "quality", "curator.stages.quality.datatrove_filters:C4Quality",
             "datatrove C4QualityFilter as a filter only (never edits text)"),
    StepInfo("fineweb_quality_v1", "quality", "curator.stages.quality.datatrove_filters:FineWebQuality",
             "datatrove FineWebQualityFilter"),
    StepInfo("outliers_v2", "quality", "curator.stages.quality.short_steps:OutlierRulesV2",
             "outliers_v1 fit for short/technical texts; references, code, brackets are no symbols; blobs, diffs"),
    StepInfo("gopher_quality_v2", "quality", "curator.stages.quality.short_steps:GopherQualityV2",
             "Gopher quality, length-aware (short texts, few lines); references are no hashes"),
    StepInfo("fineweb_quality_v2", "quality", "curator.stages.quality.short_steps:FineWebQualityV2",
             "FineWeb quality; short-line and list ratios only for texts of several lines"),
    StepInfo("learned_quality_v1", "quality", "curator.stages.quality.learned:LearnedQuality",
             "a learned keep/drop filter (curator train-filter): drops when p(drop) >= threshold"),
    StepInfo("exact_dup_v1", "dedup", "curator.stages.dedup.exact:ExactDedup",
             "exact duplicates on text_hash; keeper = earliest created_at, then sample_id"),
    StepInfo("minhash_dup_v1", "dedup", "curator.stages.dedup.near:MinhashDedup",
             "near duplicates with datatrove MinHash; keeper = earliest created_at, then sample_id"),
    StepInfo("minhash_dup_v2", "dedup", "curator.stages.dedup.near_short:ShortTextMinhashDedup",
             "v1 plus character MinHash + exact Jaccard for short texts; drops record similarity to the keeper"),
    StepInfo("minhash_dup_v3", "dedup", "curator.stages.dedup.near_edit:EditCheckedMinhashDedup",
             "v2; a short pair of middling similarity must differ by local edits (affix, a word, digits)"),
    StepInfo("presidio_pii_v1", "pii", "curator.stages.pii.step:PiiScrubStep",
             "Presidio PII detection + scrubbing (curator.stages.pii)"),
]  # fmt: skip
REGISTRY: dict[str, StepInfo] = {s.name: s for s in _STEPS}
_STAGE_LIST = [
    ("langid", "curator.stages.langid.stage:LangIdStage"),
    ("quality", "curator.stages.quality.stage:QualityStage"),
    ("dedup", "curator.stages.dedup.stage:DedupStage"),
    ("pii", "curator.stages.pii.stage:PiiStage"),
]
STAGE_TARGETS: dict[str, str] = dict(_STAGE_LIST)
STAGES: tuple[str, ...] = tuple(STAGE_TARGETS)
_LOADED: dict[str, Any] = {}
EXTRA_ENV = "CURATOR_EXTRA_STAGES"
_EXTRA: list[dict[str, Any]] = []  # stages registered at runtime, passed on to the launcher child


def get_stage(name: str) -> Any:
    """The stage object (curator.stages.base.Stage) registered under this name."""
    if name not in STAGE_TARGETS:
        raise CuratorError(f"unknown stage {name!r}; available stages: {', '.join(STAGE_TARGETS)}")
    if name not in _LOADED:
        _LOADED[name] = load_target(STAGE_TARGETS[name])()
    return _LOADED[name]


def register(stage: str, target: str, steps: list[StepInfo]) -> None:
    """Add a stage defined outside curator/stages/ (e.g. a test's toy stage) and its steps; never replaces one.
    The launcher child learns it through `child_env()` (Ray and Slurm workers do not: register those here)."""
    if stage in STAGE_TARGETS or any(s.name in REGISTRY for s in steps):
        return
    STAGE_TARGETS[stage] = target
    REGISTRY.update({s.name: s for s in steps})
    _EXTRA.append({"stage": stage, "target": target, "steps": [asdict(s) for s in steps]})


def child_env() -> dict[str, str]:
    """Environment for a child process (the launcher) that registers the same runtime stages (`adopt_env`)."""
    return {EXTRA_ENV: json.dumps(_EXTRA)} if _EXTRA else {}


def adopt_env() -> None:
    """Register the runtime stages the parent process passed in $CURATOR_EXTRA_STAGES (see `child_env`)."""
    for extra in json.loads(os.environ.get(EXTRA_ENV) or "[]"):
        register(extra["stage"], extra["target"], [StepInfo(**s) for s in extra["steps"]])


def available() -> list[str]:
    return sorted(REGISTRY)


def get_step(name: str) -> StepInfo:
    """The registered step, or a one-line error listing the available ones."""
    try:
        return REGISTRY[name]
    except KeyError:
        raise CuratorError(f"unknown step {name!r}; available steps: {', '.join(available())}") from None


def default_params(cls: type) -> dict[str, Any]:
    """The keyword parameters of a step class with their defaults (tuples become lists, for JSON)."""
    source = cls.params_class() if hasattr(cls, "params_class") else cls  # e.g. the PII step → PiiScrubber
    out = {}
    for p in inspect.signature(source.__init__).parameters.values():
        if p.name == "self" or p.kind in (p.VAR_KEYWORD, p.VAR_POSITIONAL):
            continue
        value = None if p.default is inspect.Parameter.empty else p.default
        out[p.name] = value
    return json.loads(json.dumps(out))  # tuples → lists: the params as a recipe and runs.config hold them


def resolve_params(name: str, params: dict[str, Any] | None) -> dict[str, Any]:
    """Defaults of the step merged with the recipe's params; an unknown param is an error naming it."""
    cls = get_step(name).load()
    resolved = default_params(cls)
    for key, value in (params or {}).items():
        if key not in resolved:
            raise CuratorError(f"step {name}: unknown param {key!r}; known: {', '.join(sorted(resolved))}")
        resolved[key] = value
    return resolved


def build(name: str, params: dict[str, Any]) -> Any:
    """An instance of the step with resolved params."""
    return get_step(name).load()(**params)
