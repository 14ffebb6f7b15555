"""curator audit decisions|report|apply: human verification of curation rules."""
