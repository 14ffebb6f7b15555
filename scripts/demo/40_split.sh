# Part 4: a stratified, leakage-free, versioned split of the curated demo data; its card; an HF export.
# --label-source source until the labeling part resolves labels (then drop it: resolved labels are the default).
curator build-split tickets --label-source source --ratios 0.8,0.1,0.1 --seed 13
# the same inputs again: reported as the existing version, nothing written
curator build-split tickets --label-source source --ratios 0.8,0.1,0.1 --seed 13
curator splits list
curator splits show tickets
head -n 12 "$CURATOR_HOME/splits/tickets/$(curator splits list tickets --json | python -c 'import json,sys; print(json.load(sys.stdin)[0]["version"])')/README.md"
rm -rf "$CURATOR_HOME/exports/tickets-hf"
curator export tickets --format hf --out "$CURATOR_HOME/exports/tickets-hf"
python -c "import datasets, sys; d = datasets.load_from_disk(sys.argv[1]); print(d); print(d['train'].features['label'])" \
  "$CURATOR_HOME/exports/tickets-hf"
