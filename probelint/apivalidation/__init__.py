"""probe-invalid's machinery: the API's probe schemas, a fast validator, and the API server's error wording."""
