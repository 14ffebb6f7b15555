-- 0015: learned quality filters (issue 15). `curator train-filter NAME` trains a fastText keep/drop model from the
-- curator's own judgments (review decisions, audit answers or a labeled file); the quality step learned_quality_v1
-- applies it. The folder (<workspace>/models/<filter_id>/) holds model.bin and its card (curator_filter.json). A
-- model trained on texts the quality stage judges (raw, before PII) is raw zone: it never leaves the workspace.

CREATE TABLE IF NOT EXISTS quality_filters (
    filter_id       VARCHAR PRIMARY KEY,   -- filter-NAME-<stamp>-<hex>: the folder's name
    name            VARCHAR NOT NULL,      -- NAME: a recipe's `model: NAME` picks its newest filter
    source          VARCHAR NOT NULL,      -- reviews | audits | file
    source_ref      VARCHAR,               -- the labeled file's path and sha256 (file)
    path            VARCHAR NOT NULL,
    n_keep          INTEGER NOT NULL,      -- training examples labeled keep / drop (after the dev hold-out)
    n_drop          INTEGER NOT NULL,
    n_dev           INTEGER NOT NULL,      -- held-out examples the dev figures are measured on
    config          JSON,                  -- fastText hyperparameters, dev share, seed
    dev             JSON,                  -- dev figures: accuracy, drop precision/recall at 0.5, AUC
    files_sha256    VARCHAR,               -- digest of the folder at train time
    run_id          VARCHAR NOT NULL,
    created_at      TIMESTAMP NOT NULL
);
