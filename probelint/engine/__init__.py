"""One file in, findings out: run the rules on each workload, apply suppressions, refine run-wide."""
