"""One run without click: discovery, configuration, lint | fix | diff, processes, exit status."""
