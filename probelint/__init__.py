"""probelint: a static linter for Kubernetes container probes."""

__version__ = "0.1.0"
