"""Training area: compact fine-tune, fastText baseline, evaluation, predictions and label-issue detection.

Modules, one step each:
- `config`: every hyperparameter declared once (TrainConfig, FastTextConfig; the CLI reads defaults and help here)
- `data`: split versions on disk as training input
- `transformer`, `fasttext_model`: the model code of each kind (tokenize/encode/predict_proba; fit/proba)
- `finetune`, `fasttext_baseline`: a training run of each kind, top to bottom: config → data → fit → save → check
- `card`: the model card (`curator_model.json`) and the reload check; `result`: what a training run reports
- `predict`: a saved model folder → a predictor (`load_predictor`), batch inference on files
- `trial`: one trial (model id, folder, run, row); `runner` (`curator train`) and `search` (`--search N`) use it
- `evaluate`, `label_issues`, `compare` (raw vs curated), `store` (catalog writes), `tiny` (a tiny BERT for tests)
"""
