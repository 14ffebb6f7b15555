# Part 2: curation — langid → quality → exact/near dedup → PII scrubbing; every drop is a decision with a reason.
# Re-running does no work: each stage only takes samples without a decision from its current configuration.
curator run
curator status
dropped=$(curator query "SELECT sample_id FROM samples WHERE status = 'dropped' ORDER BY status_stage, sample_id LIMIT 1" \
  --json | python -c 'import json, sys; rows = json.load(sys.stdin); print(rows[0]["sample_id"] if rows else "")')
if [ -n "$dropped" ]; then curator explain "$dropped"; fi
