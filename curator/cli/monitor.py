"""curator monitor: production drift."""
