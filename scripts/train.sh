#!/usr/bin/env bash
# Retrain the behaviour model: summarise the recorded humans (read in place from
# ../shared/data/human) and the generated bot traces with behaviour.js, fit the two
# logistic sub-models, print the held-out figures and write
# src/Bulwark.Core/Scoring/Models/behaviour-model.json (commit it).
#   scripts/train.sh [--data DIR] [--version behaviour-YYYY-MM-DD.N] [--lambda 1]
set -euo pipefail
cd "$(dirname "$0")/.."

data=../shared/data/human
trainer_args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --data) data="$2"; shift 2 ;;
    --version|--lambda) trainer_args+=("$1" "$2"); shift 2 ;;
    *) echo "train.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

node training/extract.mjs --data "$data" --out training/features.csv
dotnet run --project tools/Bulwark.Training -c Release -- \
  --features training/features.csv \
  --out src/Bulwark.Core/Scoring/Models/behaviour-model.json \
  "${trainer_args[@]}"
