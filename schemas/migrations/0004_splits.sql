-- 0004: splits. One row per immutable split version, and its members (one row per sample and version).
-- A version id is a content hash over the sorted (sample_id, text_hash, label, part) of its members.

CREATE TABLE IF NOT EXISTS splits (
    name            VARCHAR NOT NULL,
    version         VARCHAR NOT NULL,
    parent_version  VARCHAR,            -- the version of NAME built before this one, if any
    created_at      TIMESTAMP NOT NULL,
    run_id          VARCHAR NOT NULL,   -- the build-split run that made it
    mode            VARCHAR NOT NULL,   -- stratified | time
    label_source    VARCHAR NOT NULL,   -- resolved | source
    seed            BIGINT,
    params          JSON,               -- the build parameters as given
    counts          JSON,               -- members per part, and per part x label
    n_members       BIGINT NOT NULL,
    n_excluded      BIGINT NOT NULL DEFAULT 0,
    leakage         JSON,               -- the leakage audit (exact / near pairs across parts)
    path            VARCHAR NOT NULL,   -- splits/NAME/VERSION, relative to the workspace
    manifest_sha256 VARCHAR,
    PRIMARY KEY (name, version)
);

CREATE TABLE IF NOT EXISTS split_members (
    name            VARCHAR NOT NULL,
    version         VARCHAR NOT NULL,
    sample_id       VARCHAR NOT NULL,
    part            VARCHAR NOT NULL,   -- train | val | test
    label           VARCHAR NOT NULL
);
