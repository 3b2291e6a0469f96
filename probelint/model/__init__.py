"""What a manifest means for probes: workloads, containers, probes, handlers, exec commands,
Services, aws-node, versions."""
