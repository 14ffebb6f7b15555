"""The same fastText model behind Label Studio's own ML SDK (`label-studio-ml` 1.0.9, the version on PyPI), for
bench_serve's comparison with `curator serve`'s own implementation of the protocol (curator.deploy.lsbackend).

Runs under the python of a separate virtualenv, never the project's (the SDK pins Flask 1.1.2, Jinja2 3.0.3 and
itsdangerous 2.0.1; streamlit needs itsdangerous>=2.1.2). tests/benchmarks/lsml_venv.sh builds that venv.

    python lsml_backend.py --model-dir WS/models/MODEL_ID --port 9090 --jobs-dir /tmp/lsml-jobs

Served as `label-studio-ml start` serves a backend: `init_app(model_class)` and Flask's `app.run` (threaded).
The model file is loaded once per process; predictions are the ones curator computes (same preprocessing, the
top label of fastText's probabilities), returned in Label Studio's format.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

TOKEN = re.compile(r"\w+|[^\w\s]")


def backend_class(model_dir: Path) -> type:
    import fasttext
    from label_studio_ml.model import LabelStudioMLBase

    labels = json.loads((model_dir / "curator_model.json").read_text())["labels"]
    model = fasttext.load_model(str(model_dir / "model.bin"))

    class FastTextBackend(LabelStudioMLBase):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.from_name, info = next(iter(self.parsed_label_config.items()))
            self.to_name = info["to_name"][0]
            self.value = info["inputs"][0]["value"]

        def predict(self, tasks, **kwargs):
            lines = [" ".join(TOKEN.findall(t["data"][self.value].lower())) for t in tasks]
            names, probs = model.predict(lines, k=-1)  # every label's probability, as curator computes them
            out = []
            for ns, ps in zip(names, probs, strict=True):
                best = int(ps.argmax())
                label = labels[int(ns[best].removeprefix("__label__"))]
                region = {"from_name": self.from_name, "to_name": self.to_name, "type": "choices"}
                region["value"] = {"choices": [label]}
                out.append({"result": [region], "score": round(min(float(ps[best]), 1.0), 6)})
            return out

    return FastTextBackend


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model-dir", type=Path, required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--jobs-dir", type=Path, required=True, help="The SDK's model_dir (its training jobs).")
    args = parser.parse_args()
    import logging

    from label_studio_ml.api import init_app

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no access log (curator serve has none either)
    app = init_app(model_class=backend_class(args.model_dir), model_dir=str(args.jobs_dir))
    app.run(host="127.0.0.1", port=args.port, threaded=True)


if __name__ == "__main__":
    main()
