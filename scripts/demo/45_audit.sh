# Part 4b: nothing that leaves the raw zone carries PII — re-scan the scrubbed catalog text and the split files.
curator audit pii --target catalog
curator audit pii --target splits
