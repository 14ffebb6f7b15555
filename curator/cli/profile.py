"""curator profile and curator recipe (presets, auto, calibrate)."""
