# Part 6: label less, learn more (issue 18). Two short `curator learn` loops on the demo's intents, each in its
# own Label Studio project: 3 rounds of 15 labels, fastText retrained every round, answered by SIMULATED
# annotators from the answer key (data/demo/truth.jsonl). Round 0 of both is a seeded random batch (no model yet);
# later rounds pick by margin (the model's smallest top-2 gap) or at random. Every round's model is also scored on
# the test part of the demo split (part 4): a fixed holdout, never selected for labeling, so the two curves compare
# (the loop's own split of 15-45 labels has a test part of a handful). A re-run continues, or says all is done.
labels=billing,shipping,technical,account,returns,feedback
for strategy in margin random; do
  curator annotate init --project "learn-$strategy" --labels "$labels"
  curator learn "intents-$strategy" --project "learn-$strategy" --rounds "${CURATOR_DEMO_LEARN_ROUNDS:-3}" \
    --batch "${CURATOR_DEMO_LEARN_BATCH:-15}" --strategy "$strategy" --simulate 0.9 --truth data/demo/truth.jsonl \
    --holdout "${CURATOR_DEMO_SPLIT:-demo}"
done
# the curves side by side (also on the review app's "Learning curves" page); why one sample was sent:
curator learn --compare
sent=$(curator query --json \
  "SELECT sample_id FROM learn_selections WHERE loop = 'intents-margin' AND loop_round = 1 ORDER BY rank LIMIT 1" \
  | python -c 'import json,sys; rows=json.load(sys.stdin); print(rows[0]["sample_id"] if rows else "")')
if [ -n "$sent" ]; then curator explain "$sent" | tail -n 6; fi
