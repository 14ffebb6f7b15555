-- 0001: the spine. sources, samples (current text), raw_texts (raw zone), runs, decisions, rejects.

CREATE TABLE IF NOT EXISTS sources (
    name            VARCHAR PRIMARY KEY,
    uri             VARCHAR,
    format          VARCHAR,
    license         VARCHAR,
    rows_read       BIGINT DEFAULT 0,
    rows_accepted   BIGINT DEFAULT 0,
    rows_rejected   BIGINT DEFAULT 0,
    rows_present    BIGINT DEFAULT 0,
    first_ingested_at TIMESTAMP,
    last_ingested_at  TIMESTAMP
);

-- One row per sample. `text` is the CURRENT text: equal to the raw text until the PII stage scrubs it
-- (pii_scrubbed = true). Downstream consumers (Label Studio, splits, exports) only read rows with pii_scrubbed.
CREATE TABLE IF NOT EXISTS samples (
    sample_id       VARCHAR PRIMARY KEY,
    source          VARCHAR NOT NULL,
    source_key      VARCHAR NOT NULL,
    text            VARCHAR NOT NULL,
    text_hash       VARCHAR NOT NULL,
    label           VARCHAR,            -- the source's own label, if any
    created_at      TIMESTAMP,          -- from --time-field
    metadata        JSON,               -- every other field of the record
    n_chars         INTEGER,
    n_words         INTEGER,
    language        VARCHAR,
    language_score  DOUBLE,
    status          VARCHAR NOT NULL DEFAULT 'active',   -- active | dropped (derived from decisions)
    status_stage    VARCHAR,            -- stage of the decision that set the status
    status_reason   VARCHAR,            -- reason of that decision
    dup_cluster     VARCHAR,
    pii_scrubbed    BOOLEAN NOT NULL DEFAULT false,
    ingest_run_id   VARCHAR,
    ingested_at     TIMESTAMP NOT NULL
);

-- The raw zone: the normalized text as ingested. Nothing downstream of PII reads it; purge-raw deletes it.
CREATE TABLE IF NOT EXISTS raw_texts (
    sample_id       VARCHAR PRIMARY KEY,
    text            VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS runs (
    run_id          VARCHAR PRIMARY KEY,
    command         VARCHAR NOT NULL,   -- ingest | run | annotate push | build-split | ...
    stage           VARCHAR,
    config          JSON,               -- resolved parameters
    config_hash     VARCHAR,
    code_version    VARCHAR,
    executor        VARCHAR,
    started_at      TIMESTAMP NOT NULL,
    finished_at     TIMESTAMP,
    duration_s      DOUBLE,
    n_in            BIGINT,
    n_kept          BIGINT,
    n_dropped       BIGINT,
    n_modified      BIGINT,
    counts          JSON,               -- command-specific counts
    status          VARCHAR NOT NULL,   -- running | succeeded | failed
    error           VARCHAR
);

-- Append-only. A sample's status is the latest keep/drop decision; explain is a query over this table.
CREATE TABLE IF NOT EXISTS decisions (
    run_id          VARCHAR NOT NULL,
    sample_id       VARCHAR NOT NULL,
    stage           VARCHAR NOT NULL,   -- ingest | langid | quality | dedup | pii | label | review | ...
    step            VARCHAR NOT NULL,   -- registered, versioned step name, e.g. gopher_quality_v1
    decision        VARCHAR NOT NULL,   -- keep | drop | modify | flag | label
    reason          VARCHAR,
    score           DOUBLE,
    details         JSON,
    created_at      TIMESTAMP NOT NULL,
    seq             BIGINT NOT NULL     -- order within the run
);
CREATE INDEX IF NOT EXISTS decisions_sample ON decisions (sample_id);

CREATE TABLE IF NOT EXISTS rejects (
    run_id          VARCHAR NOT NULL,
    source          VARCHAR NOT NULL,
    file            VARCHAR NOT NULL,
    line            BIGINT,
    reason          VARCHAR NOT NULL,
    detail          VARCHAR,
    excerpt         VARCHAR,            -- first 200 characters of the offending line (raw zone)
    created_at      TIMESTAMP NOT NULL
);
