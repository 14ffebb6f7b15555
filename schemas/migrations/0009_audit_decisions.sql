-- 0009: audit of curation decisions (issue 17). A sample of each rule's decisions goes to people in a Label Studio
-- verification project (task_type 'audit'); their answers (right / wrong / unsure) come back through `annotate
-- pull` into `annotations`; `audit report` turns them into per-rule figures stored here.

-- One row per audit task: which decision it asks about. A decision (run_id, sample_id, seq) is audited once
-- unless asked again (`audit decisions --again`).
CREATE TABLE IF NOT EXISTS audit_items (
    project          VARCHAR NOT NULL,   -- the audit project (ls_projects.name)
    task_id          BIGINT NOT NULL,
    sample_id        VARCHAR NOT NULL,
    stage            VARCHAR NOT NULL,
    step             VARCHAR NOT NULL,   -- the rule: registered name with its version, e.g. gopher_quality_v1
    kind             VARCHAR NOT NULL,   -- drop | near (kept just inside the threshold) | modify (PII scrub)
    reason_class     VARCHAR NOT NULL,   -- the reason with numbers and ids blanked: the stratum sampled
    decision_run     VARCHAR NOT NULL,   -- the audited decision: decisions (run_id, sample_id, seq)
    decision_seq     BIGINT NOT NULL,
    reason           VARCHAR,
    score            DOUBLE,
    threshold        DOUBLE,             -- near: the rule's threshold the score was compared with
    other_sample_id  VARCHAR,            -- dedup: the kept sample it was dropped for (shown beside it)
    text_hash        VARCHAR NOT NULL,   -- md5 of the (scrubbed) text sent
    pushed_at        TIMESTAMP NOT NULL,
    run_id           VARCHAR NOT NULL,   -- the `audit decisions` run
    PRIMARY KEY (project, task_id)
);
CREATE INDEX IF NOT EXISTS audit_items_decision ON audit_items (decision_run, sample_id, decision_seq);

-- One row per rule and `audit report` run; the latest row of a rule is its current figure. Keyed by the rule's
-- versioned name, so a new rule version starts fresh.
CREATE TABLE IF NOT EXISTS rule_audits (
    step             VARCHAR NOT NULL,
    run_id           VARCHAR NOT NULL,   -- the `audit report` run
    stage            VARCHAR NOT NULL,
    kind             VARCHAR NOT NULL,   -- drop | modify: what its precision is of
    n_decisions      BIGINT NOT NULL,    -- samples the rule currently drops (modify: samples it changed)
    n_audited        INTEGER NOT NULL,   -- audited decisions with a verdict (right, wrong or unsure)
    n_right          INTEGER NOT NULL,
    n_wrong          INTEGER NOT NULL,
    n_unsure         INTEGER NOT NULL,
    "precision"      DOUBLE,             -- right / (right + wrong)
    ci_low           DOUBLE,             -- 95% Wilson interval
    ci_high          DOUBLE,
    est_wrong        DOUBLE,             -- (1 - precision) x n_decisions
    near_audited     INTEGER NOT NULL,   -- kept just inside the threshold, with a verdict
    near_wrong       INTEGER NOT NULL,   -- of those, judged wrongly kept
    false_keep_rate  DOUBLE,
    fk_low           DOUBLE,
    fk_high          DOUBLE,
    n_overlapped     INTEGER NOT NULL,   -- audited decisions answered by two or more people
    agreement        DOUBLE,             -- share of agreeing answer pairs on those
    min_precision    DOUBLE,             -- the threshold the report was run with
    flagged          BOOLEAN NOT NULL,   -- the whole interval below min_precision
    parameter        VARCHAR,            -- the recipe parameter that drives the rule
    simulated        BOOLEAN NOT NULL,   -- any simulated answer counted
    created_at       TIMESTAMP NOT NULL,
    PRIMARY KEY (step, run_id)
);
