"""`python -m curator.cli …` (used by tests that need a real separate process)."""

from curator.cli import main

if __name__ == "__main__":
    main()
