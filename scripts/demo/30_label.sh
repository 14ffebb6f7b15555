# Part 3: the Label Studio loop. A real local server (installed into its own virtualenv on first use, 1-3 min
# to start the first time), a project with the shipped guidelines, push (scrubbed text only), three SIMULATED
# annotators with overlap, pull, agreement QA, resolution, and the relabel round trip. The simulated annotators
# answer from data/demo/truth.jsonl (the corpus's true labels; the shipped labels carry ~4% flipped ones).
# Only samples the PII stage has scrubbed are pushed: run the curation part first (make demo does).
curator labelstudio up --port "${CURATOR_LS_PORT:-8080}"
curator annotate init --project support-intents --labels billing,shipping,technical,account,returns,feedback \
  --guidelines docs/guidelines/support_intents.md --overlap 3 --overlap-fraction 0.5
# a small batch keeps the simulated annotators quick (each annotation is one API call)
curator annotate push --project support-intents --limit "${CURATOR_DEMO_TASKS:-40}" --gold-fraction 0.1
curator annotate simulate --project support-intents --annotators 3 --accuracy 0.75 --seed 7 --truth data/demo/truth.jsonl
curator annotate pull --project support-intents
curator annotate qa --project support-intents
curator annotate resolve --project support-intents --policy majority --min-agreement 0.7
curator query "SELECT reason, status, count(*) AS samples FROM relabel_queue GROUP BY ALL ORDER BY ALL"
# disagreements go back as fresh tasks (earlier answers hidden), get answered, pulled and resolved again
curator annotate relabel --project support-intents
curator annotate simulate --project support-intents --annotators 3 --accuracy 0.9 --seed 8 --truth data/demo/truth.jsonl
curator annotate pull --project support-intents
curator annotate resolve --project support-intents --policy majority --min-agreement 0.7
curator annotate audit --project support-intents
curator query "SELECT method, count(*) AS samples, round(avg(agreement), 3) AS mean_agreement, bool_or(simulated) AS simulated FROM labels GROUP BY ALL"
echo
echo "Label Studio: $(curator labelstudio status --json | python -c 'import json,sys; d=json.load(sys.stdin); print(d["url"], "· username", d["username"])')"
echo "  password and API token: curator labelstudio credentials   ·   stop it: curator labelstudio down"
