"""Deploy: the model registry (promote / retire), `curator serve` (HTTP JSON + Label Studio's ML backend protocol)
and the production input log. See docs/deploy.md."""
