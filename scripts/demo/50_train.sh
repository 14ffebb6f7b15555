# Part 5: train on the demo's curated split (its latest version), evaluate, find label issues, raw vs curated.
split="${CURATOR_DEMO_SPLIT:-demo}"  # built by part 4
echo "training on split: $split"
# fastText baseline (seconds), then a small-budget MiniLM fine-tune (CPU, ~2 min: 400 examples, 3 epochs, 64 tokens).
curator train "$split" --model fasttext
curator evaluate latest
curator train "$split" --model minilm --max-train-samples 400 --epochs 3 --max-length 64 --batch-size 16 --lr 3e-4
curator evaluate latest
# Out-of-fold fastText probabilities + cleanlab: suspected label errors go to the relabel queue (model_disagrees).
curator find-label-issues "$split" --show 5
curator query "SELECT reason, status, count(*) AS samples FROM relabel_queue GROUP BY 1, 2 ORDER BY 1, 2"
# The data-centric result: the same model trained on the raw labeled corpus vs the curated split, same test set.
curator train "$split" --model fasttext --compare-raw
