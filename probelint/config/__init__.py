"""Configuration: finding the file (discovery), reading it with key positions (reading), validating
it with located messages (validation), the Config it gives (model, loading), the schema editors use
(schema), and the engine Settings a run takes from it (settings)."""
