-- 0003: labeling (Label Studio loop). Projects, tasks, annotations, resolved labels, relabel queue, QA runs.

-- One row per curator-managed Label Studio project (name is curator's handle; ls_project_id is Label Studio's id).
CREATE TABLE IF NOT EXISTS ls_projects (
    name             VARCHAR PRIMARY KEY,
    ls_project_id    BIGINT NOT NULL,
    url              VARCHAR NOT NULL,   -- server base URL the project lives on
    task_type        VARCHAR NOT NULL,   -- text_classification (the template under schemas/labelstudio/)
    labels           JSON NOT NULL,      -- ordered label names
    overlap          INTEGER NOT NULL,   -- annotators per overlapped task
    overlap_fraction DOUBLE NOT NULL,    -- share of tasks that get `overlap` annotators
    guidelines_path  VARCHAR,
    guidelines_hash  VARCHAR,
    created_at       TIMESTAMP NOT NULL,
    run_id           VARCHAR NOT NULL,
    last_pull_at     TIMESTAMP           -- server time of the newest change seen by the last pull
);

-- sample <-> task. kind: normal | gold | relabel. Several tasks per sample over time (relabel rounds).
CREATE TABLE IF NOT EXISTS ls_tasks (
    project          VARCHAR NOT NULL,
    task_id          BIGINT NOT NULL,
    sample_id        VARCHAR NOT NULL,
    kind             VARCHAR NOT NULL,
    gold_label       VARCHAR,            -- the known answer of a gold task
    overlap          INTEGER NOT NULL,   -- annotators wanted on this task
    round            INTEGER NOT NULL,   -- 0 for the first push, +1 per relabel
    text_hash        VARCHAR NOT NULL,   -- hash of the (scrubbed) text that was sent
    predicted_label  VARCHAR,
    model_id         VARCHAR,
    pushed_at        TIMESTAMP NOT NULL,
    run_id           VARCHAR NOT NULL,
    PRIMARY KEY (project, task_id)
);
CREATE INDEX IF NOT EXISTS ls_tasks_sample ON ls_tasks (sample_id);

-- One row per Label Studio annotation, as last seen. deleted/was_cancelled are kept, never dropped.
CREATE TABLE IF NOT EXISTS annotations (
    project          VARCHAR NOT NULL,
    annotation_id    BIGINT NOT NULL,
    task_id          BIGINT NOT NULL,
    sample_id        VARCHAR NOT NULL,
    annotator        VARCHAR,            -- Label Studio user email
    annotator_id     BIGINT,
    label            VARCHAR,            -- NULL when cancelled (skipped)
    was_cancelled    BOOLEAN NOT NULL,
    deleted          BOOLEAN NOT NULL,
    lead_time        DOUBLE,             -- seconds the annotator spent
    created_at       TIMESTAMP,
    updated_at       TIMESTAMP,
    simulated        BOOLEAN NOT NULL,   -- submitted by `curator annotate simulate`, never human work
    result           JSON,
    pulled_at        TIMESTAMP NOT NULL,
    run_id           VARCHAR NOT NULL,
    PRIMARY KEY (project, annotation_id)
);
CREATE INDEX IF NOT EXISTS annotations_sample ON annotations (sample_id);

-- Contract (docs/architecture.md): the resolved label per sample. History lives in `decisions` (stage 'label').
CREATE TABLE IF NOT EXISTS labels (
    sample_id        VARCHAR PRIMARY KEY,
    label            VARCHAR NOT NULL,
    method           VARCHAR NOT NULL,   -- majority | crowdlab | review | ...
    agreement        DOUBLE,
    votes            JSON,
    n_annotations    INTEGER,
    simulated        BOOLEAN NOT NULL DEFAULT false,
    run_id           VARCHAR NOT NULL,
    resolved_at      TIMESTAMP NOT NULL
);

-- Contract (docs/architecture.md): samples to label again, with the reason.
CREATE TABLE IF NOT EXISTS relabel_queue (
    sample_id        VARCHAR NOT NULL,
    reason           VARCHAR NOT NULL,   -- disagreement | low_agreement | gold_failure | review | model_disagrees
    priority         DOUBLE,
    details          JSON,
    status           VARCHAR NOT NULL DEFAULT 'pending',   -- pending | pushed | done
    created_at       TIMESTAMP NOT NULL,
    run_id           VARCHAR
);
CREATE INDEX IF NOT EXISTS relabel_queue_sample ON relabel_queue (sample_id);

-- Label Studio users created by curator (simulated annotators); their tokens live in secrets/, never here.
CREATE TABLE IF NOT EXISTS ls_users (
    email            VARCHAR PRIMARY KEY,
    ls_user_id       BIGINT NOT NULL,
    simulated        BOOLEAN NOT NULL,
    created_at       TIMESTAMP NOT NULL
);

-- QA: one row per `curator annotate qa` run, plus per-annotator and per-pair rows.
CREATE TABLE IF NOT EXISTS qa_runs (
    run_id           VARCHAR PRIMARY KEY,
    project          VARCHAR,
    created_at       TIMESTAMP NOT NULL,
    n_samples        INTEGER,
    n_overlapped     INTEGER,            -- samples with >= 2 annotations
    overlap_coverage DOUBLE,
    krippendorff_alpha DOUBLE,
    fleiss_kappa     DOUBLE,
    simulated        BOOLEAN,            -- any simulated annotation in scope
    summary          JSON
);

CREATE TABLE IF NOT EXISTS qa_annotators (
    run_id           VARCHAR NOT NULL,
    annotator        VARCHAR NOT NULL,
    n_annotations    INTEGER,
    agreement_with_consensus DOUBLE,
    n_gold           INTEGER,
    gold_accuracy    DOUBLE,
    median_lead_time DOUBLE,
    confusion        JSON,               -- {"labels": [...], "matrix": [[...]]} vs consensus
    simulated        BOOLEAN
);

CREATE TABLE IF NOT EXISTS qa_pairs (
    run_id           VARCHAR NOT NULL,
    annotator_a      VARCHAR NOT NULL,
    annotator_b      VARCHAR NOT NULL,
    n_common         INTEGER,
    cohen_kappa      DOUBLE
);
