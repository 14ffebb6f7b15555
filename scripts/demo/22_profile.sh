# Part 2b: fit the recipe to the corpus — the profile of what survived curation (lengths, code/references,
# languages, and the share each rule alone would drop), the presets, and a calibrated recipe with every change
# commented. `curator run auto` would pick a preset by the same profile (docs/curation.md, Profile and presets).
curator recipe presets
curator profile --sample 2000
mkdir -p "$CURATOR_HOME/reports"
curator recipe calibrate --base short_text --max-drop 0.02 --sample 2000 --out "$CURATOR_HOME/reports/calibrated.yaml"
grep -- '->' "$CURATOR_HOME/reports/calibrated.yaml" || echo "(no threshold needed loosening)"
