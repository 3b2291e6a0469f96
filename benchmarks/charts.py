"""What linting a Helm chart costs beyond Helm itself, per chart, in one process (no start-up).

    python benchmarks/charts.py [PATH ...] [--runs 7]

PATH: chart folders, or folders holding charts (default: ../shared/corpus/charts). For each chart,
in alternating order, after one warm-up of each side:

- render + map: `render_chart` (Helm's render as is, the instrumented render and its line maps, the
  values files read for mapping) and then moving the findings of the rendered stream onto the
  template and values lines (`run.charts.remap`): everything probelint does for a chart that it does
  not do for a plain file;
- lint: linting the rendered stream, as any file of that size;
- Helm alone: Helm's own load and render of the chart once (what `helm template` costs without its
  process start-up), through the same engine.

Wall-clock medians in milliseconds (Helm's engine is Go code behind ctypes, which may use more than
one thread), with the CPU time of this process beside them; the machine's load average is printed,
since other work on a shared machine lengthens every number.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from probelint.engine.linter import Linter  # noqa: E402
from probelint.engine.settings import Settings  # noqa: E402
from probelint.run.charts import RENDER_RULE, ChartRender, remap  # noqa: E402
from probelint.run.discovery import discover  # noqa: E402
from probelint.sources.helm_engine import find_engine  # noqa: E402
from probelint.sources.helm_render import render_chart  # noqa: E402

DEFAULT_CHARTS = ROOT.parent / "shared" / "corpus" / "charts"


class Sample(NamedTuple):
    wall: float
    cpu: float


def timed(function: Callable[[], object]) -> Sample:
    wall, cpu = time.perf_counter(), time.process_time()
    function()
    return Sample(time.perf_counter() - wall, time.process_time() - cpu)


def chart_sides(chart: str, linter: Linter) -> dict[str, Callable[[], object]]:
    """The three things timed for one chart; render + map and lint share one render per run."""
    engine = find_engine()
    rendered = render_chart(chart)
    severity = linter.rules[RENDER_RULE].severity if RENDER_RULE in linter.rules else None

    def render_and_map() -> None:
        fresh = render_chart(chart)
        remap(linter.lint_file(chart, fresh.text.encode("utf-8")), ChartRender(chart, None, fresh), severity)

    def lint_only() -> None:
        linter.lint_file(chart, rendered.text.encode("utf-8"))

    def helm_alone() -> None:
        engine.render(chart, {}, [], os.path.basename(os.path.abspath(chart)), "default")

    return {"render + map + lint": render_and_map, "lint": lint_only, "Helm alone": helm_alone}


def measure(chart: str, linter: Linter, runs: int) -> dict[str, Sample]:
    sides = chart_sides(chart, linter)
    for side in sides.values():
        side()  # warm-up: imports, Helm's library, the page cache
    samples: dict[str, list[Sample]] = {name: [] for name in sides}
    for run in range(runs):
        order = list(sides) if run % 2 == 0 else list(reversed(sides))
        for name in order:
            samples[name].append(timed(sides[name]))
    return {
        name: Sample(statistics.median(s.wall for s in found), statistics.median(s.cpu for s in found))
        for name, found in samples.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", type=Path, default=[DEFAULT_CHARTS])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    charts = discover([str(path) for path in args.paths]).charts
    if not charts:
        sys.exit("no Helm chart found")
    linter = Linter(Settings())
    load = os.getloadavg()
    print(f"{len(charts)} charts, {args.runs} runs each, alternating; load average {load[0]:.2f} {load[1]:.2f}\n")
    print("| chart | render + map ms (CPU) | lint ms | Helm alone ms (CPU) | render + map / Helm |")
    print("|---|---|---|---|---|")
    for chart in charts:
        found = measure(chart, linter, args.runs)
        whole, lint, helm = found["render + map + lint"], found["lint"], found["Helm alone"]
        mapped = Sample(whole.wall - lint.wall, whole.cpu - lint.cpu)
        print(
            f"| {os.path.basename(os.path.abspath(chart))} | {mapped.wall * 1000:.0f} ({mapped.cpu * 1000:.0f})"
            f" | {lint.wall * 1000:.0f} | {helm.wall * 1000:.0f} ({helm.cpu * 1000:.0f})"
            f" | {mapped.wall / helm.wall:.1f}x |"
        )
    after = os.getloadavg()
    print(f"\nload average after: {after[0]:.2f} {after[1]:.2f}")


if __name__ == "__main__":
    main()
