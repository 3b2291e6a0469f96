"""Where YAML comes from besides plain files: Helm charts rendered with Helm's engine, and the map from
rendered lines back to the committed template and values files.

Apart from the records in probelint.findings this package stands alone; Helm's SDK is imported only
when a chart is rendered.
"""
