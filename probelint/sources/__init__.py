"""Where YAML comes from besides plain files: Helm charts rendered with Helm's engine, Kustomize
builds, and the maps from rendered or built lines back to the committed files.

Apart from the records in probelint.findings (and the workload model that `origins` reads while a
built object is linted) this package stands alone; Helm's SDK is imported only when a chart is
rendered, and kustomize is run only for `--kustomize`.
"""
