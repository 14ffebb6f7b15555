# Part 7: deploy and monitor (issue 19). The demo's best model is promoted and served (curator serve, in the
# background on a free port, --log-inputs); a batch of "production" tickets with a SHIFTED mix is sent to it:
# a third in German/French/Spanish, about half as long, mostly technical and account problems (made here by the
# demo corpus generator, curator.demo.corpus, with its own seed: text the model has never seen). The service's log
# is raw text: it reaches the catalog only through `curator ingest`, then curation and PII scrubbing like any other
# source. `curator monitor` compares production with the model's training split and exits 1 on drift (expected
# here); the uncertain and drifted samples go to a Label Studio project, SIMULATED annotators answer from the
# generator's true labels, and the labels make a new split version; a retrained model replaces the served one only
# if it scores better on the same test part. Needs the server of part 3 (30_label.sh) and the models of part 5.
name="${CURATOR_DEMO_SPLIT:-demo}"
labels=billing,shipping,technical,account,returns,feedback
curator models promote "$name" --reason "demo: best test macro-F1"

deploy_tmp="$(mktemp -d "${TMPDIR:-/tmp}/curator-deploy.XXXXXX")"
# the production batch and its answer key (text → true label), from the demo generator with a shifted mix
python - "$deploy_tmp/production.jsonl" <<'EOF'
import json, random, sys
from curator.demo.corpus import generate_with_truth
rng, out = random.Random(19), []
for record, truth in generate_with_truth(520, seed=1919, foreign_rate=0.4, target_chars=220):
    if truth["kind"] == "junk" or (truth["true_label"] not in ("technical", "account") and rng.random() > 0.3):
        continue
    out.append({"text": record["text"], "label": truth["true_label"]})
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.writelines(json.dumps(r) + "\n" for r in out)
print(f"production batch: {len(out)} texts")
EOF

serve_port="${CURATOR_SERVE_PORT:-$(python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
curator serve "$name" --port "$serve_port" --log-inputs &
serve_pid=$!
for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:$serve_port/health" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$serve_port/health"; echo
# production traffic: batches of 50 texts (POST /predict {"texts": [...]}), then one bad request (a 4xx, no harm)
python - "$serve_port" "$deploy_tmp/production.jsonl" <<'EOF'
import collections, json, sys
import httpx
port, path = sys.argv[1], sys.argv[2]
texts = [json.loads(line)["text"] for line in open(path, encoding="utf-8")]
predicted = collections.Counter()
with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120) as http:
    for start in range(0, len(texts), 50):
        res = http.post("/predict", json={"texts": texts[start : start + 50]})
        res.raise_for_status()
        predicted.update(p["label"] for p in res.json()["predictions"])
    bad = http.post("/predict", json={"texts": "not a list"})
    print(f"sent {len(texts)} texts; predicted {dict(predicted.most_common())}")
    print(f"a bad request: {bad.status_code} {bad.json()['error']}")
EOF
kill -TERM "$serve_pid"
wait "$serve_pid" || true
log="$CURATOR_HOME/data/production/$name.jsonl"
echo "input log (raw zone, 0600): $log, $(wc -l < "$log") lines"

# the log is a source like any other: ingested raw, then curated and scrubbed before anything else sees it
curator ingest "$log" --source production
curator run
curator query "SELECT status, pii_scrubbed, count(*) AS samples FROM samples WHERE source = 'production' GROUP BY ALL ORDER BY ALL"

# monitoring: one window per day; exit 1 and a one-line reason when a threshold is crossed (expected here)
monitor_status=0
curator monitor "$name" --window 1d || monitor_status=$?
echo "curator monitor exit status: $monitor_status (1 = drift: cron or CI would alert)"

# back to labeling: at most 40 uncertain or drifted production samples (scrubbed), picked by margin
answer_key="$deploy_tmp/answer-key.jsonl"
python - "$log" "$deploy_tmp/production.jsonl" "$answer_key" <<'EOF'
import json, sys
truth = {r["text"]: r["label"] for r in map(json.loads, open(sys.argv[2], encoding="utf-8"))}
with open(sys.argv[3], "w", encoding="utf-8") as f:
    for line in open(sys.argv[1], encoding="utf-8"):
        rec = json.loads(line)
        if rec["text"] in truth:
            f.write(json.dumps({"ref": "production:" + rec["id"], "label": truth[rec["text"]]}) + "\n")
EOF
curator annotate init --project production-review --labels "$labels"
# (the embedding check was shown above; this run picks what to label: the demo model is sure of most production
# texts, so for labeling a top probability under 0.95 counts as unsure; the drift candidates are always in)
curator monitor "$name" --window 1d --embedding none --low-confidence 0.95 --to-labeling production-review \
  --limit "${CURATOR_DEMO_PRODUCTION_LABELS:-40}" > /dev/null || true
curator query "SELECT json_extract_string(details, '\$.monitor') AS why, count(*) AS sent FROM learn_selections
  WHERE project = 'production-review' GROUP BY ALL ORDER BY sent DESC"
curator annotate simulate --project production-review --annotators 3 --accuracy 0.9 --seed 19 --truth "$answer_key"
curator annotate pull --project production-review
curator annotate resolve --project production-review --policy majority --min-agreement 0.6
rm -rf "$deploy_tmp"

# the labels make a new split version; a new model; promoted only if it beats the serving one on the same test part
curator build-split "$name" --label-source resolved_or_source --ratios 0.8,0.1,0.1 --seed 13 | tail -n 3
new_model=$(curator train "$name" --model fasttext --quiet --json | python -c 'import json,sys; print(json.load(sys.stdin)["model_id"])')
curator evaluate "$new_model" > /dev/null
curator monitor-compare "$name" "$new_model"
echo
echo "What happened:"
curator query --json "SELECT (SELECT count(*) FROM samples WHERE source = 'production') AS logged,
  (SELECT count(*) FROM samples WHERE source = 'production' AND status = 'active') AS curated,
  (SELECT count(*) FROM ls_tasks WHERE project = 'production-review') AS sent_to_labeling,
  (SELECT count(*) FROM labels JOIN samples USING (sample_id) WHERE source = 'production') AS labeled,
  (SELECT arg_max(reason, created_at) FROM monitor_comparisons WHERE name = '$name') AS comparison" \
  | python -c '
import json, sys
r = json.load(sys.stdin)[0]
print("  production: {logged} texts logged by serve, {curated} kept by curation (dedup; PII scrubbed)".format(**r))
print("  labeling: {sent_to_labeling} sent, {labeled} labeled (simulated annotators)".format(**r))
print("  comparison: {comparison}".format(**r))'
echo "serving $name now: $(curator models list "$name" --json | python -c '
import json, sys
print(next((m["model_id"] for m in json.load(sys.stdin) if m["status"] == "serving"), "none"))')"
