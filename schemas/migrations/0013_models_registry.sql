-- 0013: the model registry and the model service (issue 19). A model's files are hashed when it is trained
-- (`files_sha256`: curator.deploy.files); `curator models promote` compares them again before a model serves a name.

ALTER TABLE models ADD COLUMN IF NOT EXISTS files_sha256 VARCHAR;   -- digest of the model folder at train time

-- Append-only: one row per promote / retire. The model serving NAME is the newest `promote` row of NAME whose
-- model has no later `retire` row (curator.deploy.registry.serving).
CREATE TABLE IF NOT EXISTS model_promotions (
    promotion_id    VARCHAR PRIMARY KEY,
    name            VARCHAR NOT NULL,   -- the task name it serves (the split name its models were trained on)
    model_id        VARCHAR NOT NULL,
    action          VARCHAR NOT NULL,   -- promote | retire
    previous_model  VARCHAR,            -- the model that served NAME before (promote)
    by_user         VARCHAR NOT NULL,   -- $USER or --by
    reason          VARCHAR,            -- --reason
    metrics         JSON,               -- test/val scores at the time
    files_sha256    VARCHAR,            -- the digest checked at the time
    run_id          VARCHAR NOT NULL,
    created_at      TIMESTAMP NOT NULL
);

-- Label Studio ML backend: annotation webhooks received by `curator serve`, counted per project.
CREATE TABLE IF NOT EXISTS serve_annotation_events (
    received_at     TIMESTAMP NOT NULL,
    name            VARCHAR NOT NULL,   -- the task name being served
    model_id        VARCHAR NOT NULL,
    project_id      BIGINT,             -- Label Studio's project id
    action          VARCHAR NOT NULL,   -- ANNOTATION_CREATED | ANNOTATIONS_CREATED
    n_annotations   INTEGER NOT NULL
);

-- Past `--retrain-after N` new annotations, serve records a pending retrain (never a promotion):
-- `curator models retrain NAME` (or monitor's loop) takes it up, builds a new split version and trains.
CREATE TABLE IF NOT EXISTS retrain_requests (
    request_id      VARCHAR PRIMARY KEY,
    name            VARCHAR NOT NULL,
    model_id        VARCHAR NOT NULL,   -- the model serving when the threshold was crossed
    project_id      BIGINT,
    n_annotations   INTEGER NOT NULL,   -- new annotations counted since the previous request
    threshold       INTEGER NOT NULL,
    status          VARCHAR NOT NULL,   -- pending | started | done | failed
    run_id          VARCHAR,            -- the retrain's run, once started
    new_model_id    VARCHAR,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
