"""Configuration: discovery, reading with positions, validation messages, and the schema editors use."""
