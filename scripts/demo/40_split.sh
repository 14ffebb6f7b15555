# Part 4: a stratified, leakage-free, versioned split of the curated demo data; its card; an HF export.
# The demo's annotators label only a small batch, while the shipped corpus comes with its own labels, so this
# split takes the resolved label where there is one and the source's label elsewhere (resolved_or_source).
curator build-split demo --label-source resolved_or_source --ratios 0.8,0.1,0.1 --seed 13
# the same inputs again: reported as the existing version, nothing written
curator build-split demo --label-source resolved_or_source --ratios 0.8,0.1,0.1 --seed 13
curator splits list
curator splits show demo
version=$(curator splits list demo --json | python -c 'import json,sys; print(json.load(sys.stdin)[0]["version"])')
head -n 12 "$CURATOR_HOME/splits/demo/$version/README.md"
rm -rf "$CURATOR_HOME/exports/demo-hf"
curator export "demo@$version" --format hf --out "$CURATOR_HOME/exports/demo-hf"
python -c "import datasets, sys; d = datasets.load_from_disk(sys.argv[1]); print(d); print(d['train'].features['label'])" \
  "$CURATOR_HOME/exports/demo-hf"
