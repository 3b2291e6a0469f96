"""Turn a configuration (or none) and the command line's rule choices into the engine's Settings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from probelint.engine.settings import Settings

if TYPE_CHECKING:
    from probelint.config.model import Config


def settings_for(config: Config | None, selected: set[str], ignored: set[str]) -> Settings:
    """Settings from the configuration, overridden by the command line.

    `--select` runs exactly the rules it names, even those the file turns off; `--ignore` adds to
    the rules the file turns off.
    """
    settings = Settings(select=set(selected) or None, ignore=set(ignored))
    if config is None:
        return settings
    settings.ignore |= config.off - selected
    settings.severities.update(config.severities)
    settings.options.update({rule_id: dict(options) for rule_id, options in config.options.items()})
    settings.ignore_findings = config.ignore
    settings.kubernetes_version = config.kubernetes_version
    if config.max_file_size is not None:
        settings.max_file_size = config.max_file_size
    return settings
