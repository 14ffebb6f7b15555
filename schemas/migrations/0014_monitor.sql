-- 0014: production monitoring (issue 19). `curator monitor NAME` compares a production source's samples, window by
-- window, with the monitored model's training split; one row per run, one row per (window, check).
-- Promotion comparisons (`compare_and_promote`) are recorded in monitor_comparisons.

CREATE TABLE IF NOT EXISTS monitor_runs (
    run_id          VARCHAR PRIMARY KEY,
    name            VARCHAR NOT NULL,   -- the monitored task name
    model_id        VARCHAR NOT NULL,
    model_from      VARCHAR NOT NULL,   -- promoted | --model
    source          VARCHAR NOT NULL,   -- the production source
    split_name      VARCHAR,            -- the model's training split (the reference)
    split_version   VARCHAR,
    since           TIMESTAMP,
    window_s        BIGINT NOT NULL,
    thresholds      JSON,
    n_samples       BIGINT NOT NULL,
    n_windows       INTEGER NOT NULL,
    n_flagged       INTEGER NOT NULL,   -- windows with at least one threshold crossed
    reason          VARCHAR,            -- the first crossing, one line (NULL when none)
    created_at      TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS monitor_windows (
    run_id          VARCHAR NOT NULL,
    name            VARCHAR NOT NULL,
    model_id        VARCHAR NOT NULL,
    source          VARCHAR NOT NULL,
    window_start    TIMESTAMP NOT NULL,
    window_end      TIMESTAMP NOT NULL,
    n_samples       BIGINT NOT NULL,
    check_name      VARCHAR NOT NULL,   -- language | length | predicted_labels | confidence | low_confidence | embedding | live_f1
    statistic       VARCHAR NOT NULL,   -- psi | ks | share_increase | domain_auc | f1_drop
    value           DOUBLE,             -- NULL when not judged (too few samples, nothing to compare)
    threshold       DOUBLE NOT NULL,
    flagged         BOOLEAN NOT NULL,
    details         JSON,               -- p-values, shares, means, why not judged
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX IF NOT EXISTS monitor_windows_name ON monitor_windows (name, window_start);

CREATE TABLE IF NOT EXISTS monitor_comparisons (
    run_id          VARCHAR PRIMARY KEY,
    name            VARCHAR NOT NULL,
    old_model_id    VARCHAR NOT NULL,
    new_model_id    VARCHAR NOT NULL,
    split_name      VARCHAR NOT NULL,   -- the test part both were scored on
    split_version   VARCHAR NOT NULL,
    old_macro_f1    DOUBLE NOT NULL,
    new_macro_f1    DOUBLE NOT NULL,
    old_accuracy    DOUBLE,
    new_accuracy    DOUBLE,
    n_test          BIGINT NOT NULL,
    min_gain        DOUBLE NOT NULL,
    promoted        BOOLEAN NOT NULL,
    reason          VARCHAR NOT NULL,
    created_at      TIMESTAMP NOT NULL
);
