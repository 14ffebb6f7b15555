"""The benchmark harness (`make bench`). Not collected by pytest: modules are named bench_*.py."""
