"""A tiny randomly initialized BERT with the MiniLM tokenizer: fast stand-in for tests and benchmarks on CPU."""

from __future__ import annotations

from pathlib import Path

from curator.train.transformer import load_tokenizer, minilm_dir


def make_tiny_bert(out_dir: Path, hidden: int = 32, layers: int = 2, heads: int = 2, seed: int = 0) -> Path:
    """Write a random BertModel checkpoint + the all-MiniLM-L6-v2 tokenizer into out_dir (a local HF model dir)."""
    import torch
    from transformers import BertConfig, BertModel

    tokenizer = load_tokenizer(minilm_dir())
    torch.manual_seed(seed)
    config = BertConfig(
        vocab_size=tokenizer.vocab_size,
        hidden_size=hidden,
        num_hidden_layers=layers,
        num_attention_heads=heads,
        intermediate_size=hidden * 2,
        max_position_embeddings=256,
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    BertModel(config).save_pretrained(str(out_dir), safe_serialization=True)
    tokenizer.save_pretrained(str(out_dir))
    return out_dir
