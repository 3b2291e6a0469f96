"""Where YAML comes from besides plain files: Helm charts rendered with Helm's engine, and the map from
rendered lines back to the committed template and values files.

This package imports nothing from the rest of probelint; Helm's SDK is imported only when rendering.
"""

from __future__ import annotations

from .chart_layout import find_chart
from .helm_engine import ChartError, HelmUnavailableError
from .helm_render import HelmOptions, render_chart
from .sourcemap import Located, Location, RenderedChart, RenderProblem

__all__ = [
    "ChartError",
    "HelmOptions",
    "HelmUnavailableError",
    "Located",
    "Location",
    "RenderProblem",
    "RenderedChart",
    "find_chart",
    "render_chart",
]
