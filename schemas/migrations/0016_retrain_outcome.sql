-- 0016: a retrain request is taken up by `curator serve` itself (issue 19). Past `--retrain-after N` the webhook
-- starts `python -m curator.deploy.retrain` in the background (curator.deploy.retrain): annotate pull → resolve →
-- build-split (a new version) → train → evaluate. It never promotes; `curator monitor-compare NAME NEW` does.
-- status: pending (recorded, not started) | running | trained (new_model_id) | failed (error: one line).
ALTER TABLE retrain_requests ADD COLUMN IF NOT EXISTS error VARCHAR;   -- why it failed, one line
ALTER TABLE retrain_requests ADD COLUMN IF NOT EXISTS pid INTEGER;     -- the background process (a dead one no
                                                                       -- longer blocks the next start)
ALTER TABLE retrain_requests ADD COLUMN IF NOT EXISTS split_version VARCHAR;  -- the new split version it built
