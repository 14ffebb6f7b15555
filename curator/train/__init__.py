"""Training area: compact fine-tune, fastText baseline, evaluation, predictions and label-issue detection.

Modules (one step each): `data` (split versions on disk), `finetune` (the transformers loop), `fasttext_baseline`,
`predict` (`load_predictor`), `evaluate`, `label_issues`, `search`, `compare` (raw vs curated), `store` (catalog).
"""
