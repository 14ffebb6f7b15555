"""The hyperparameters of both model kinds, each declared once: its default and its help text live here.

`TrainConfig` (the transformers fine-tune) and `FastTextConfig` (the baseline) are recorded whole with every
checkpoint. The CLI builds `curator train`'s options from them (`cli_help`): it declares no default and no help of
its own. `TrainOptions` is what a user asked for: the model kind and only the hyperparameters they set; the rest
come from the kind's config (`resolve_config`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any


def hp(default: Any, help: str) -> Any:
    """A hyperparameter: its default and its help text (shown by `curator train --help`)."""
    return field(default=default, metadata={"help": help})


@dataclass(kw_only=True)
class TrainConfig:
    """The transformers fine-tune (`--model minilm` or a local HF model folder)."""

    model: str = hp("minilm", "minilm | fasttext | PATH of a local HF model folder.")
    epochs: int = hp(3, "Max passes over the training part.")
    lr: float = hp(5e-5, "Peak learning rate.")
    batch_size: int = hp(32, "Training examples per optimizer step.")
    eval_batch_size: int = hp(64, "Examples per forward pass when predicting.")
    max_length: int = hp(128, "Max tokens per text (longer texts are truncated).")
    weight_decay: float = hp(0.01, "AdamW decoupled weight decay (not on biases and LayerNorm weights).")
    warmup: float = hp(0.1, "Fraction of the steps with a linear warmup, then linear decay to 0.")
    patience: int = hp(2, "Early stopping: epochs without a better validation macro-F1.")
    seed: int = hp(13, "Random seed (python, numpy, torch, batch order).")
    max_train_samples: int | None = hp(None, "Train on a seeded random N of the training examples only.")
    dropout: float = hp(0.1, "Hidden, attention and classifier dropout.")
    grad_clip: float = hp(1.0, "Max global gradient norm.")
    adam_betas: tuple[float, float] = hp((0.9, 0.999), "AdamW betas.")
    adam_eps: float = hp(1e-8, "AdamW epsilon.")
    num_threads: int = hp(0, "Torch CPU threads (0 = torch's default).")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(kw_only=True)
class FastTextConfig:
    """The supervised fastText baseline (`--model fasttext`)."""

    epochs: int = hp(25, "Passes over the training data.")
    lr: float = hp(0.5, "fastText's learning rate.")
    dim: int = hp(50, "Embedding size.")
    word_ngrams: int = hp(2, "Word n-grams as features (at least 2).")
    min_count: int = hp(1, "Drop words rarer than this.")
    seed: int = hp(13, "Random seed.")
    threads: int = hp(1, "Threads (1 = deterministic).")
    max_train_samples: int | None = hp(None, "Train on a seeded random N of the training examples only.")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


CONFIGS: dict[str, type[TrainConfig] | type[FastTextConfig]] = {"minilm": TrainConfig, "fasttext": FastTextConfig}


@dataclass(frozen=True, kw_only=True)
class TrainOptions:
    """What the user asked for: the model kind, a random search of N trials (0 = one model), and only the
    hyperparameters they set (`given`); every other one is the kind's default."""

    model: str = TrainConfig.model
    search: int = 0
    given: dict[str, Any] = field(default_factory=dict)


def config_class(model: str) -> type[TrainConfig] | type[FastTextConfig]:
    return FastTextConfig if model == "fasttext" else TrainConfig


def resolve_config(opts: TrainOptions, **override: Any) -> TrainConfig | FastTextConfig:
    """The full config of the chosen model kind: its defaults, then the options given, then `override`.
    Hyperparameters the kind does not have (e.g. --batch-size for fastText) are ignored."""
    cls = config_class(opts.model)
    names = {f.name for f in fields(cls)}
    given = {**opts.given, **override}
    extra = {"model": opts.model} if cls is TrainConfig else {}
    return cls(**extra, **{k: v for k, v in given.items() if k in names})


def cli_help(name: str) -> str:
    """`curator train --NAME`'s help: the hyperparameter's help, then its default per model kind that has it."""
    found = {kind: f for kind, cls in CONFIGS.items() for f in fields(cls) if f.name == name}
    if not found:
        raise KeyError(f"no hyperparameter {name!r}")
    text = next(iter(found.values())).metadata["help"]
    if name == "model":  # the kind itself: its default is the option's own
        return text
    defaults = ", ".join(f"{kind} {f.default}" for kind, f in found.items() if f.default is not None)
    unused = ", ".join(kind for kind in CONFIGS if kind not in found)
    notes = [f"default: {defaults}"] if defaults else []
    notes += [f"not used by {unused}"] if unused else []
    return f"{text} ({'; '.join(notes)})" if notes else text
