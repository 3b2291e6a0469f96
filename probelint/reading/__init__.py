"""Bytes to positioned YAML: files, decoding, the loader and read-only node views. Knows nothing of Kubernetes."""
