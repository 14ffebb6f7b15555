"""Curation stages: one folder per stage (langid/, quality/, dedup/, pii/), each with its steps (one registered,
versioned step per file) and a stage.py implementing curator.stages.base.Stage.

See curator.stages.registry for the stage and step names, curator.stages.base for the interface, and
curator.engine for the loop that runs every stage the same way.
"""
