"""A stage defined only in the tests, shaped like a folder of curator/stages/: stage.py and one step."""
