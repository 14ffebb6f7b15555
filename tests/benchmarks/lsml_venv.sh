#!/usr/bin/env bash
# A throwaway virtualenv with Label Studio's ML SDK as PyPI ships it, for bench_serve's comparison
# (BENCH_SERVE_LSML_PYTHON=<venv>/bin/python). Never the project's venv: the SDK pins Flask 1.1.2, Jinja2 3.0.3
# and itsdangerous 2.0.1 (streamlit needs itsdangerous>=2.1.2). Prints the SDK's install size and package count.
# Usage: bash tests/benchmarks/lsml_venv.sh [/tmp/lsml-venv]
set -euo pipefail
VENV=${1:-/tmp/lsml-venv}
PY=${PYTHON:-python3.11}
rm -rf "$VENV"
"$PY" -m venv "$VENV"
before=$(du -sk "$VENV" | cut -f1)
n0=$("$VENV/bin/pip" list 2>/dev/null | tail -n +3 | wc -l)
t0=$(date +%s.%N)
# label-studio-ml 1.0.9 imports redis and rq without declaring them: without both it cannot start.
"$VENV/bin/pip" install -q label-studio-ml==1.0.9 redis rq 2>&1 | grep -v '^WARNING: Location' || true
t1=$(date +%s.%N)
after=$(du -sk "$VENV" | cut -f1)
n1=$("$VENV/bin/pip" list 2>/dev/null | tail -n +3 | wc -l)
echo "label-studio-ml 1.0.9 + redis + rq: $((n1 - n0)) packages, $(((after - before) / 1024)) MB, $(awk "BEGIN {printf \"%.1f\", $t1 - $t0}") s to install"
# what the comparison backend itself needs (the same fastText build and numpy as curator), not counted above
"$VENV/bin/pip" install -q fasttext-numpy2-wheel==0.9.2 numpy==2.2.6 2>&1 | grep -v '^WARNING: Location' || true
"$VENV/bin/python" -c "import label_studio_ml.api, fasttext; print('ok:', '$VENV/bin/python')"
