-- 0007: the raw zone holds the original only of texts the PII stage changed (core).
-- Ingest no longer copies every text into raw_texts: until the PII stage runs, samples.text IS the raw text,
-- and the stage keeps the original of each text it changes. Catalogs built before this kept a copy of every
-- text; a row equal to the sample's current text (not scrubbed yet, or nothing replaced) adds nothing: drop it.
-- Rows that differ (what the PII stage replaced) stay. Idempotent: running it again deletes nothing.
DELETE FROM raw_texts
USING samples s
WHERE raw_texts.sample_id = s.sample_id AND raw_texts.text = s.text;
