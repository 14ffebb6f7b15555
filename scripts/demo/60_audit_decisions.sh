# Part 6: measure the curation itself (issue 17). A sample of each rule's decisions goes to a Label Studio
# verification project (scrubbed text only: dropped texts the PII stage never saw are scrubbed first), SIMULATED
# auditors answer right/wrong, and the report gives each rule's precision with a 95% Wilson interval.
# The demo's answer key (made here, not by people): a drop is wrong when the text is one of the corpus's labeled
# tickets or posts (data/demo/truth.jsonl) and a quality or language rule dropped it; everything else is right.
# The auditors follow it with accuracy 0.9. Needs the server of part 3 (30_label.sh).
curator audit decisions --project rule-audit --per-rule "${CURATOR_DEMO_AUDIT:-8}" --near 4 --seed 7 \
  --overlap 2 --overlap-fraction 0.2
audit_key="$(mktemp "${TMPDIR:-/tmp}/curator-audit-key.XXXXXX")"
curator query "SELECT s.source, s.source_key, i.stage, i.kind FROM audit_items i JOIN samples s USING (sample_id)" \
  --json | python -c '
import json, sys
truth = {json.loads(line)["ref"] for line in open("data/demo/truth.jsonl", encoding="utf-8")}
for item in json.load(sys.stdin):
    ref = item["source"] + ":" + item["source_key"]
    wrong = item["kind"] == "drop" and item["stage"] in ("langid", "quality") and ref in truth
    print(json.dumps({"ref": ref, "label": "wrong" if wrong else "right"}))
' > "$audit_key"
curator annotate simulate --project rule-audit --annotators 2 --accuracy 0.9 --seed 7 --truth "$audit_key"
rm -f "$audit_key"
curator annotate pull --project rule-audit
curator audit report --min-precision 0.8
# samples the auditors found wrongly dropped come back as review decisions; the next split carries the figures
curator audit apply
curator status | grep '^audit:' || true
# (its own split name: the trained model of part 5 keeps its split version)
curator build-split demo-audited --label-source resolved_or_source --ratios 0.8,0.1,0.1 --seed 13 > /dev/null
version=$(curator splits list demo-audited --json | python -c 'import json,sys; print(json.load(sys.stdin)[0]["version"])')
grep -A 12 '^Audited precision' "$CURATOR_HOME/splits/demo-audited/$version/README.md" || true
