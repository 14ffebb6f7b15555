-- 0010: active learning (issue 18). Scores on unlabeled samples go to `predictions` (0005, part 'unlabeled');
-- what a strategy chose, and why, goes here (and as a 'flag' decision, so `curator explain` shows it);
-- `curator learn` loops and their learning-curve points.

-- One row per sample a selection strategy sent (or chose to send) to Label Studio.
CREATE TABLE IF NOT EXISTS learn_selections (
    run_id          VARCHAR NOT NULL,   -- the `annotate push` run that sent it
    project         VARCHAR NOT NULL,
    sample_id       VARCHAR NOT NULL,
    strategy        VARCHAR NOT NULL,   -- random | least_confident | margin | entropy | diverse
    model_id        VARCHAR,            -- the model whose predictions were scored (NULL for a cold random pick)
    score           DOUBLE,             -- the strategy's score (higher = more informative; random: the draw)
    rank            INTEGER NOT NULL,   -- 0 = chosen first
    kind            VARCHAR NOT NULL,   -- new | more (one more annotation of a labeled sample, ActiveLab)
    loop            VARCHAR,            -- the `curator learn` loop and round that pushed it, if any
    loop_round      INTEGER,
    details         JSON,
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX IF NOT EXISTS learn_selections_sample ON learn_selections (sample_id);

-- One row per `curator learn NAME` loop: its fixed parameters (a re-run continues it with the same ones).
CREATE TABLE IF NOT EXISTS learn_loops (
    name            VARCHAR PRIMARY KEY,
    project         VARCHAR NOT NULL,
    strategy        VARCHAR NOT NULL,
    model           VARCHAR NOT NULL,   -- fasttext | minilm
    batch           INTEGER NOT NULL,
    simulated       BOOLEAN NOT NULL,   -- answered by simulated annotators (demo/tests), never human work
    holdout         VARCHAR,            -- NAME@VERSION whose test part scores every round (never selected)
    config          JSON,
    created_at      TIMESTAMP NOT NULL,
    run_id          VARCHAR NOT NULL
);

-- One learning-curve point per finished round.
CREATE TABLE IF NOT EXISTS learning_curve (
    loop            VARCHAR NOT NULL,
    round           INTEGER NOT NULL,
    strategy        VARCHAR NOT NULL,
    n_labels        INTEGER NOT NULL,   -- resolved labels of the loop's project after this round
    n_annotations   INTEGER,
    split_name      VARCHAR,
    split_version   VARCHAR,
    model_id        VARCHAR,
    val_macro_f1    DOUBLE,
    test_macro_f1   DOUBLE,             -- on the round's own split (its test part grows with the loop)
    holdout_macro_f1 DOUBLE,            -- on the loop's fixed holdout test part, when it has one
    simulated       BOOLEAN NOT NULL,
    seconds         DOUBLE,
    run_id          VARCHAR NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    PRIMARY KEY (loop, round)
);
