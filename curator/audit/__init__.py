"""Audit of curation decisions (issue 17): a sample of each rule's decisions verified by people in Label Studio,
rule precision with Wilson intervals, and restoring what auditors found wrongly dropped. See docs/audit.md."""
