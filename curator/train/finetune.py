"""Fine-tune a transformers sequence classifier on a split version: the whole training loop, top to bottom.

Run it (CLI; `demo` = the latest version of the split named demo, or `demo@VERSION`):

    curator train demo --model minilm --epochs 3 --lr 5e-5 --batch-size 32 --max-length 128 \\
        --weight-decay 0.01 --warmup 0.1 --patience 2 --seed 13 --max-train-samples 300

or from Python:

    from curator.train.config import TrainConfig
    from curator.train.data import resolve_split
    from curator.train.finetune import finetune
    result = finetune(resolve_split(ws, "demo"), TrainConfig(epochs=1), out_dir=ws.models_dir / "my-model")

In order: config (curator.train.config, every hyperparameter recorded with the checkpoint) → data (seed everything,
tokenize each part once, no padding) → model (from a local checkpoint, never the hub; curator.train.transformer) →
fit (AdamW with weight decay but not on biases/LayerNorm, linear warmup then linear decay; per epoch: shuffled
batches padded to their own longest sequence, gradient clipping, then validation macro-F1; keep the best weights,
stop after `patience` epochs without improvement) → save (safetensors + config + tokenizer + curator_model.json) →
reload from disk and check it reproduces the in-memory model before reporting success.

A split whose validation part is empty trains every epoch, keeps the last one, reports no validation score, and
checks the reload on training texts.
"""

from __future__ import annotations

import math
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch

from curator.train.card import check_reload, check_texts, write_model_card
from curator.train.config import TrainConfig
from curator.train.data import Part, SplitRef, label_list, load_part
from curator.train.predict import load_predictor
from curator.train.result import Log, TrainResult, log_stderr, macro_f1
from curator.train.transformer import (
    Encoded,
    batch_indices,
    build_model,
    collate,
    encode,
    load_tokenizer,
    predict_proba,
    resolve_base,
)

# ----------------------------------------------------------------------------------------------------------------
# the run: config → data → model → fit → save → reload and check


def finetune(
    split: SplitRef,
    cfg: TrainConfig,
    out_dir: Path,
    meta: dict[str, Any] | None = None,
    log: Log = log_stderr,
    progress: bool = True,
) -> TrainResult:
    """Fine-tune on split's train part, early-stop on val, save the best checkpoint to out_dir and verify it."""
    t0 = time.perf_counter()
    set_seed(cfg.seed)
    if cfg.num_threads:
        torch.set_num_threads(cfg.num_threads)
    # data
    kind, base = resolve_base(cfg.model)
    train_part, val_part = load_part(split, "train").subsample(cfg.max_train_samples, cfg.seed), load_part(split, "val")
    labels = label_list(train_part, val_part)
    tokenizer = load_tokenizer(base)
    train, val = (encode_part(tokenizer, p, labels, cfg.max_length) for p in (train_part, val_part))
    # model and fit
    model = build_model(base, labels, cfg)
    log(f"fine-tune {kind} ({base.name}) on {split.ref}: {len(train)} train · {len(val)} val · {len(labels)} labels")
    result = fit(model, train, val, cfg, log, progress)
    model.load_state_dict(result.best_state)
    # save
    out_dir.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(str(out_dir), safe_serialization=True)
    tokenizer.save_pretrained(str(out_dir))
    card = {"kind": kind, "base_model": str(base), "labels": labels, "split": split.to_dict(), "config": cfg.to_dict()}
    card |= {"val_macro_f1": result.best_f1, "best_epoch": result.best_epoch, "history": result.history}
    write_model_card(out_dir, {**card, **(meta or {})})
    # reload from disk: it must reproduce the in-memory model (on val, else on training texts)
    texts = check_texts(val_part.texts, train_part.texts)
    expected = result.best_val_proba if len(val) else predict_texts(model, tokenizer, texts, cfg)
    check_reload(out_dir, load_predictor(out_dir).predict_proba(texts), expected)
    return TrainResult(
        out_dir=out_dir,
        labels=labels,
        val_macro_f1=result.best_f1,
        best_epoch=result.best_epoch,
        history=result.history,
        n_train=len(train),
        n_val=len(val),
        seconds=time.perf_counter() - t0,
        examples_per_s=result.examples_per_s,
        config=cfg.to_dict(),
    )


def set_seed(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def encode_part(tokenizer: Any, part: Part, labels: list[str], max_length: int) -> Encoded:
    index = {lab: i for i, lab in enumerate(labels)}
    return encode(tokenizer, part.texts, [index[lab] for lab in part.labels], max_length)


def predict_texts(model: torch.nn.Module, tokenizer: Any, texts: list[str], cfg: TrainConfig) -> np.ndarray:
    return predict_proba(model, encode(tokenizer, texts, [0] * len(texts), cfg.max_length), cfg.eval_batch_size)


# ----------------------------------------------------------------------------------------------------------------
# fit: epochs with early stopping on validation macro-F1


@dataclass
class FitResult:
    best_state: dict[str, torch.Tensor]
    best_f1: float | None  # None: no validation part
    best_epoch: int
    history: list[dict[str, Any]] = field(default_factory=list)
    examples_per_s: float = 0.0
    best_val_proba: np.ndarray | None = None  # validation probabilities of the best epoch


def fit(
    model: torch.nn.Module,
    train: Encoded,
    val: Encoded | None,
    cfg: TrainConfig,
    log: Log = log_stderr,
    progress: bool = True,
) -> FitResult:
    """Train up to cfg.epochs with early stopping on validation macro-F1. Without validation data (None or an empty
    part) every epoch runs and the last one is kept."""
    from tqdm.auto import tqdm

    has_val = val is not None and len(val) > 0
    gen = torch.Generator().manual_seed(cfg.seed)
    opt, sched = make_optimizer(model, cfg, math.ceil(len(train) / cfg.batch_size) * cfg.epochs)
    best, seen, t0, stale = FitResult({}, None, 0), 0, time.perf_counter(), 0
    for epoch in range(1, cfg.epochs + 1):
        desc = f"epoch {epoch}/{cfg.epochs}"
        with tqdm(total=len(train), desc=desc, unit="ex", disable=not progress, leave=False, file=sys.stderr) as bar:
            loss = train_epoch(model, train, opt, sched, cfg, gen, bar)
        seen += len(train)
        proba = predict_proba(model, val, cfg.eval_batch_size) if has_val else None
        score = macro_f1(val.labels, proba.argmax(1)) if has_val else None
        best.history.append({"epoch": epoch, "train_loss": round(loss, 5), "val_macro_f1": _round(score)})
        shown = "no validation part" if score is None else f"val macro-F1 {score:.4f}"
        log(f"epoch {epoch}/{cfg.epochs} · train loss {loss:.4f} · {shown}")
        if not has_val or best.best_f1 is None or score > best.best_f1:
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


def _round(score: float | None) -> float | None:
    return None if score is None else round(score, 5)


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


def train_epoch(
    model: torch.nn.Module, data: Encoded, opt: Any, sched: Any, cfg: TrainConfig, gen: torch.Generator, bar: Any
) -> float:
    """One pass over the training data (shuffled batches, gradient clipping); returns the mean training loss."""
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
        bar.update(len(idx))
        bar.set_postfix(loss=f"{total / steps:.4f}")
    return total / max(1, steps)
