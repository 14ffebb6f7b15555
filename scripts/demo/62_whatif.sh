# Part 6b: what-if previews and diffs that explain every change (issue 17).
# A preview runs the recipe's stages on a scratch copy of the catalog and says, per rule, how many samples would flip
# (kept → dropped, dropped → kept, dropped by another rule); the catalog itself is not changed. Here: the recipe's
# outliers rule asking for 6 words instead of its current minimum. The report (JSON) and a bar chart of flips per
# rule land in $CURATOR_HOME/reports/.
whatif="$(mktemp "${TMPDIR:-/tmp}/curator-whatif.XXXXXX.yaml")"
python - "$whatif" <<'EOF'
import sys, yaml
doc = yaml.safe_load(open("pipelines/default.yaml", encoding="utf-8"))
for stage in doc["stages"]:
    for step in stage["steps"]:
        params = step.setdefault("params", {})
        if step["step"].startswith("outliers_") and "min_words" in params:
            print(f"what-if: {step['step']} min_words {params['min_words']} → 6")
            params["min_words"] = 6
yaml.safe_dump(doc, open(sys.argv[1], "w", encoding="utf-8"), sort_keys=False)
EOF
curator run "$whatif" --stages quality --dry-run
rm -f "$whatif"
# The split's first version against its latest (parts 5 and 6 resolved new labels and restored audited drops):
# every change with the decision or run that caused it, then one relabelled sample's story.
versions=$(curator splits list demo --json \
  | python -c 'import json,sys; v = [r["version"] for r in json.load(sys.stdin)]; print(v[-1], v[0])')
read -r first latest <<< "$versions"
if [ "$first" != "$latest" ]; then
  curator splits diff "demo@$first" "demo@$latest" --limit 8
  one=$(curator splits diff "demo@$first" "demo@$latest" --json | python -c '
import json, sys
changes = json.load(sys.stdin)["changes"]
pick = [c for c in changes if c["change"] == "relabeled"] or changes
print(pick[0]["sample_id"] if pick else "")')
  if [ -n "$one" ]; then curator splits diff "demo@$first" "demo@$latest" --sample "$one"; fi
fi
