"""CLI commands for this area (registered on the shared app)."""
