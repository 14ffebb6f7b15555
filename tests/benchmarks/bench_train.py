"""Training throughput: our compact loop vs transformers' `Trainer`, same model, data and settings, one run.

- data: the first BENCH_TRAIN_N (default 512) records of the bench corpus (label = its label), tokenized once to
  max_length 64 for both loops (tokenizing is not timed: it is the same code for both).
- model: a small randomly initialized BERT (hidden 128, 2 layers, 4 heads, the MiniLM tokenizer), the same
  initial weights for both (seeded).
- settings for both: 1 epoch, batch 32, AdamW (fused) lr 5e-5, weight decay 0.01, linear schedule with 10% warmup,
  gradient clipping at 1.0, dynamic padding per batch, no evaluation, no checkpoint writes, CPU.
- threads: BENCH_TRAIN_THREADS (default 1) torch threads for both: on our shared 2-core machines two threads per
  process oversubscribe the cores and the numbers swing by 2x between runs; one thread makes them repeatable.
- also timed: the fastText baseline's training on the same records (for scale).

Target: ours / Trainer >= 1.0 (examples/s).
"""

from __future__ import annotations

import json
import math
import os
from itertools import islice

import torch

N = int(os.environ.get("BENCH_TRAIN_N", "512"))
THREADS = int(os.environ.get("BENCH_TRAIN_THREADS", "1"))  # torch threads for both loops (0: torch's default)
MAX_LENGTH, BATCH, LR, SEED = 64, 32, 5e-5, 0


def _records(path, n: int) -> tuple[list[str], list[int], list[str]]:
    with open(path, encoding="utf-8") as fh:
        rows = [json.loads(line) for line in islice(fh, n)]
    labels = sorted({str(r.get("label")) for r in rows})
    return [r["text"] for r in rows], [labels.index(str(r.get("label"))) for r in rows], labels


def _ours(model, data, cfg):
    from curator.train.finetune import fit

    return lambda: fit(model, data, None, cfg, log=lambda _: None, progress=False)


def _trainer(model, data, tokenizer, tmp):
    from transformers import DataCollatorWithPadding, Trainer, TrainingArguments

    rows = [
        {"input_ids": ids, "attention_mask": [1] * len(ids), "labels": y}
        for ids, y in zip(data.input_ids, data.labels, strict=True)
    ]
    args = TrainingArguments(
        output_dir=str(tmp / "hf-trainer"),
        per_device_train_batch_size=BATCH,
        num_train_epochs=1,
        learning_rate=LR,
        weight_decay=0.01,
        warmup_steps=math.ceil(0.1 * math.ceil(len(rows) / BATCH)),
        lr_scheduler_type="linear",
        max_grad_norm=1.0,
        optim="adamw_torch_fused",
        save_strategy="no",
        eval_strategy="no",
        report_to=[],
        use_cpu=True,
        seed=SEED,
        disable_tqdm=True,
        dataloader_num_workers=0,
        logging_strategy="no",
    )
    trainer = Trainer(model=model, args=args, train_dataset=rows, data_collator=DataCollatorWithPadding(tokenizer))
    return trainer.train


def run(ctx) -> list[dict]:
    threads = torch.get_num_threads()
    if THREADS:
        torch.set_num_threads(THREADS)
    try:
        _measure(ctx)
    finally:
        torch.set_num_threads(threads)
    return ctx.results


def _measure(ctx) -> None:
    from curator.train.config import FastTextConfig, TrainConfig
    from curator.train.fasttext_model import fit_fasttext
    from curator.train.finetune import fit
    from curator.train.tiny import make_tiny_bert
    from curator.train.transformer import build_model, encode, load_tokenizer

    texts, y, labels = _records(ctx.corpus_path, min(ctx.n, N))
    base = make_tiny_bert(ctx.tmp / "bench-tiny-bert", hidden=128, layers=2, heads=4)
    tokenizer = load_tokenizer(base)
    data = encode(tokenizer, texts, y, MAX_LENGTH)
    cfg = TrainConfig(model=str(base), epochs=1, lr=LR, batch_size=BATCH, max_length=MAX_LENGTH, warmup=0.1, seed=SEED)

    def fresh():
        torch.manual_seed(SEED)
        return build_model(base, labels, cfg)

    fit(fresh(), encode(tokenizer, texts[:64], y[:64], MAX_LENGTH), None, cfg, log=lambda _: None, progress=False)
    extra = {"model": "bert h128 l2", "batch": BATCH, "max_length": MAX_LENGTH, "threads": torch.get_num_threads()}
    ctx.measure(
        "train: hf Trainer (1 epoch)",
        len(texts),
        _trainer(fresh(), data, tokenizer, ctx.tmp),
        baseline_of="train: our loop (1 epoch)",
        **extra,
    )
    ctx.measure("train: our loop (1 epoch)", len(texts), _ours(fresh(), data, cfg), **extra)
    ctx.measure("train: fastText baseline (25 epochs)", len(texts), lambda: fit_fasttext(texts, y, FastTextConfig()))
