#!/usr/bin/env bash
# `make demo`: the whole loop on the shipped corpus (data/demo), each part in scripts/demo/NN_*.sh, in order.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH" HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 TOKENIZERS_PARALLELISM=false
export CURATOR_HOME="${CURATOR_HOME:-$PWD/.curator}"
for part in scripts/demo/[0-9][0-9]_*.sh; do
  echo
  echo "━━ $(basename "$part" .sh) ━━"
  # shellcheck source=/dev/null
  source "$part"
done
