-- 0006: review. Curator overrides from the review app (each also a `decisions` row, stage 'review'),
-- and the log of every explicit reveal of raw (pre-scrub) text.

CREATE TABLE IF NOT EXISTS reviews (
    review_id       VARCHAR PRIMARY KEY,
    run_id          VARCHAR NOT NULL,   -- the `review` run that recorded it
    sample_id       VARCHAR NOT NULL,
    action          VARCHAR NOT NULL,   -- keep | drop | relabel | set_label
    label           VARCHAR,            -- set_label: the new label
    note            VARCHAR,            -- the curator's note (also the decision's reason)
    reviewer        VARCHAR,
    previous_status VARCHAR,            -- samples.status before the action
    previous_label  VARCHAR,            -- the resolved label before the action (set_label)
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX IF NOT EXISTS reviews_sample ON reviews (sample_id);

-- Raw text is never shown by default; each reveal is an explicit action, logged here.
CREATE TABLE IF NOT EXISTS raw_text_views (
    sample_id       VARCHAR NOT NULL,
    reviewer        VARCHAR,
    reason          VARCHAR NOT NULL,
    found           BOOLEAN NOT NULL,   -- false when the raw text was already purged
    viewed_at       TIMESTAMP NOT NULL
);
