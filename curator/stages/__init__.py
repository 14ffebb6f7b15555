"""Curation stages: one folder per stage (langid/, quality/, dedup/, pii/), one registered step per file.

See curator.stages.registry for the step names and curator.engine for how stages run.
"""
