-- 0002: curation stages (langid, quality, dedup, pii). Decisions go to `decisions` (0001); these hold the rest.

-- Duplicate clusters: one row per member. cluster_id is deterministic ("exact:<text_hash>", "near:<keeper id>").
CREATE TABLE IF NOT EXISTS dup_clusters (
    cluster_id      VARCHAR NOT NULL,
    sample_id       VARCHAR NOT NULL,
    kind            VARCHAR NOT NULL,   -- exact | near
    is_keeper       BOOLEAN NOT NULL,
    run_id          VARCHAR NOT NULL,
    PRIMARY KEY (cluster_id, sample_id)
);

-- PII findings: what was found where (offsets in the raw text). Never the matched value.
CREATE TABLE IF NOT EXISTS pii_findings (
    sample_id       VARCHAR NOT NULL,
    run_id          VARCHAR NOT NULL,
    entity_type     VARCHAR NOT NULL,
    "start"         INTEGER NOT NULL,
    "end"           INTEGER NOT NULL,
    score           DOUBLE,
    recognizer      VARCHAR
);
CREATE INDEX IF NOT EXISTS pii_findings_sample ON pii_findings (sample_id);
