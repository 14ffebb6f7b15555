"""`python -m curator.filters.fit_child WORKDIR`: train one filter's fastText model in a fresh process.

WORKDIR holds fit.json ({"config": FilterConfig, "out": folder}), train.txt (`__label__<id> <tokens>` lines) and
check.txt (one preprocessed text per line). Writes <out>/model.bin and WORKDIR/check.json (p(drop) of each check
line by the model in memory). Why a process of its own: curator.filters.model.fit.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main(work: Path) -> int:
    import fasttext

    job = json.loads((work / "fit.json").read_text(encoding="utf-8"))
    cfg = job["config"]
    model = fasttext.train_supervised(
        input=str(work / "train.txt"),
        epoch=cfg["epochs"],
        lr=cfg["lr"],
        dim=cfg["dim"],
        wordNgrams=cfg["word_ngrams"],
        minCount=cfg["min_count"],
        minn=cfg["minn"],
        maxn=cfg["maxn"],
        bucket=cfg["bucket"],
        seed=cfg["seed"],
        thread=cfg["threads"],
        loss="softmax",
        verbose=0,
    )
    model.save_model(str(Path(job["out"]) / "model.bin"))
    lines = (work / "check.txt").read_text(encoding="utf-8").splitlines()
    out = []
    if lines:
        names, probs = model.predict(lines, k=-1)
        out = [float(dict(zip(n, p, strict=True)).get("__label__1", 0.0)) for n, p in zip(names, probs, strict=True)]
    (work / "check.json").write_text(json.dumps(out), encoding="utf-8")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(Path(sys.argv[1])))
    except RuntimeError as exc:  # e.g. "Encountered NaN." with a too high learning rate
        print(str(exc).splitlines()[0] if str(exc) else type(exc).__name__, file=sys.stderr)
        sys.exit(1)
