# Part 5: train on the demo's curated split (its latest version), evaluate, find label issues, raw vs curated.
split="${CURATOR_DEMO_SPLIT:-demo}"  # built by part 4
echo "training on split: $split"
# fastText baseline (seconds), then a small-budget MiniLM fine-tune (CPU, ~2 min: 400 examples, 3 epochs, 64 tokens).
curator train "$split" --model fasttext
curator evaluate latest
curator train "$split" --model minilm --max-train-samples 400 --epochs 3 --max-length 64 --batch-size 16 --lr 3e-4
curator evaluate latest
# Out-of-fold fastText probabilities + cleanlab: suspected label errors go to the relabel queue (model_disagrees).
# Without --yes (or --max N) it would only show how many it would queue.
curator find-label-issues "$split" --show 5 --yes
curator query "SELECT reason, status, count(*) AS samples FROM relabel_queue GROUP BY 1, 2 ORDER BY 1, 2"
# The loop closes: the model's suspects go back to Label Studio, annotators (simulated, answering from the
# answer key) label them, and the resolved labels make a new split version.
before=$(curator splits list demo --json | python -c 'import json,sys; print(json.load(sys.stdin)[0]["version"])')
curator annotate relabel --project support-intents
curator annotate simulate --project support-intents --annotators 3 --accuracy 0.9 --seed 9 --truth data/demo/truth.jsonl
curator annotate pull --project support-intents
curator annotate resolve --project support-intents --policy majority --min-agreement 0.6
curator build-split demo --label-source resolved_or_source --ratios 0.8,0.1,0.1 --seed 13
after=$(curator splits list demo --json | python -c 'import json,sys; print(json.load(sys.stdin)[0]["version"])')
if [ "$before" != "$after" ]; then curator splits diff "demo@$before" "demo@$after"; fi
# The data-centric result: the same model trained on the raw labeled corpus vs the curated split, same test set.
curator train "$split" --model fasttext --compare-raw
