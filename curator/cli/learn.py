"""curator learn: active-learning rounds."""
