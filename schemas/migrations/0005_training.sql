-- 0005: training. Models trained on a split version, their metrics and predictions, search trials,
-- and the relabel queue (shared contract with the labeling area; created here too so either order works).

CREATE TABLE IF NOT EXISTS models (
    model_id        VARCHAR PRIMARY KEY,
    kind            VARCHAR NOT NULL,   -- minilm | fasttext | hf (a local HF model dir)
    base_model      VARCHAR,            -- the pretrained checkpoint dir (transformers models)
    split_name      VARCHAR NOT NULL,
    split_version   VARCHAR NOT NULL,
    path            VARCHAR NOT NULL,   -- <workspace>/models/<model_id>
    labels          JSON,               -- label list, index = class id
    config          JSON,               -- resolved training config
    val_macro_f1    DOUBLE,
    n_train         BIGINT,
    n_val           BIGINT,
    train_seconds   DOUBLE,
    verified        BOOLEAN,            -- reloaded and reproduced the validation predictions
    search_id       VARCHAR,            -- the random search it came from, if any
    run_id          VARCHAR NOT NULL,
    created_at      TIMESTAMP NOT NULL
);

-- Long format: one row per (model, part, metric, label[, predicted]). Global metrics have label NULL;
-- confusion cells are metric 'confusion' with the true label in `label`, the predicted one in `predicted`.
CREATE TABLE IF NOT EXISTS metrics (
    run_id          VARCHAR NOT NULL,
    model_id        VARCHAR NOT NULL,
    split_name      VARCHAR,
    split_version   VARCHAR,
    part            VARCHAR NOT NULL,   -- test | val | raw_compare ...
    metric          VARCHAR NOT NULL,   -- accuracy | macro_f1 | precision | recall | f1 | support | confusion
    label           VARCHAR,
    predicted       VARCHAR,
    value           DOUBLE NOT NULL,
    created_at      TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS predictions (
    run_id          VARCHAR NOT NULL,
    model_id        VARCHAR NOT NULL,
    sample_id       VARCHAR NOT NULL,
    part            VARCHAR NOT NULL,
    label           VARCHAR,            -- the split's label
    predicted       VARCHAR NOT NULL,
    score           DOUBLE NOT NULL,    -- probability of the predicted label
    created_at      TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS training_trials (
    search_id       VARCHAR NOT NULL,
    trial           INTEGER NOT NULL,
    model_id        VARCHAR,
    config          JSON,
    val_macro_f1    DOUBLE,
    seconds         DOUBLE,
    chosen          BOOLEAN NOT NULL DEFAULT false,
    run_id          VARCHAR NOT NULL,
    created_at      TIMESTAMP NOT NULL
);

-- Contract (docs/architecture.md); the labeling area's migration 0003 creates the same table.
CREATE TABLE IF NOT EXISTS relabel_queue (
    sample_id       VARCHAR NOT NULL,
    reason          VARCHAR NOT NULL,
    priority        DOUBLE,
    details         JSON,
    status          VARCHAR NOT NULL DEFAULT 'pending',
    created_at      TIMESTAMP NOT NULL,
    run_id          VARCHAR
);
