-- 0008: annotate qa reports ties and a chance-corrected agreement per annotator (issue 20). agreement_with_consensus
-- leaves tied tasks out and counts the annotator's own vote, so at overlap 2 it reads 1.0 whatever the annotators
-- do; these count every (annotator, other annotator) label pair on a shared task. Old runs keep NULL.
ALTER TABLE qa_annotators ADD COLUMN IF NOT EXISTS n_overlapped INTEGER;       -- their tasks with >= 2 labels
ALTER TABLE qa_annotators ADD COLUMN IF NOT EXISTS n_ties INTEGER;             -- of those, tasks with no majority
ALTER TABLE qa_annotators ADD COLUMN IF NOT EXISTS pairwise_agreement DOUBLE;  -- share of agreeing label pairs
ALTER TABLE qa_annotators ADD COLUMN IF NOT EXISTS kappa DOUBLE;               -- Cohen's kappa of those pairs
