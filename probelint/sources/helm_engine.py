"""Helm's own template engine, reached through the `helm_python` SDK or a `helm` binary on PATH.

Both return `{"<chart>/templates/x.yaml": rendered text}`. The SDK is imported only when a chart is
rendered, so importing probelint stays fast for users who never lint charts.
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Mapping, Sequence
from typing import Any

NO_ENGINE_MESSAGE = (
    "linting a Helm chart needs Helm's template engine: pip install 'probelint[helm]' "
    "(the helm-python-sdk package) or put the helm binary on PATH"
)


class HelmUnavailableError(RuntimeError):
    """Neither the Helm SDK nor a `helm` binary is available; the message says how to get one."""


class ChartError(RuntimeError):
    """The chart cannot be read at all (no Chart.yaml, invalid chart, unreadable values file)."""


class RenderFailed(Exception):
    """Helm refused to render; the message is Helm's."""


class Engine:
    """The interface both engines provide."""

    name = "engine"

    def render(
        self, chart_dir: str, values: dict[str, Any], args: Sequence[str], release: str, namespace: str
    ) -> dict[str, str]:
        """Render the chart; `values` is the merged user values, `args` the same as helm CLI flags."""
        raise NotImplementedError

    def parse_set(self) -> Callable[[str], dict[str, Any]] | None:
        """Helm's `--set` parser, when this engine has one callable in-process."""
        return None

    def render_overlay(
        self,
        chart_dir: str,
        overrides: Mapping[str, str],
        values: dict[str, Any],
        args: Sequence[str],
        release: str,
        namespace: str,
    ) -> dict[str, str]:
        """Render the chart with some of its files (paths inside the chart) replaced by new text; the
        chart on disk is never touched (this default works on a scratch copy)."""
        with tempfile.TemporaryDirectory(prefix="probelint-helm-") as scratch:
            copy = os.path.join(scratch, os.path.basename(os.path.abspath(chart_dir)))
            shutil.copytree(chart_dir, copy, ignore=shutil.ignore_patterns(".git"))
            for rel, text in overrides.items():
                with open(os.path.join(copy, rel), "w", encoding="utf-8") as handle:
                    handle.write(text)
            return self.render(copy, values, args, release, namespace)


class SdkEngine(Engine):
    name = "helm-python-sdk"

    def __init__(self, module: Any) -> None:
        self._h = module

    def render(
        self, chart_dir: str, values: dict[str, Any], args: Sequence[str], release: str, namespace: str
    ) -> dict[str, str]:
        return self._render(lambda: self._h.Chart.load(chart_dir), values, release, namespace)

    def parse_set(self) -> Callable[[str], dict[str, Any]]:
        parse: Callable[[str], dict[str, Any]] = self._h.parse_set_string
        return parse

    def render_overlay(
        self,
        chart_dir: str,
        overrides: Mapping[str, str],
        values: dict[str, Any],
        args: Sequence[str],
        release: str,
        namespace: str,
    ) -> dict[str, str]:
        """The chart packed in memory with the overrides in place, loaded from those bytes: no copy
        on disk to write and delete."""
        return self._render(
            lambda: self._h.Chart.load_archive(_archive(chart_dir, overrides)), values, release, namespace
        )

    def _render(self, load: Callable[[], Any], values: dict[str, Any], release: str, namespace: str) -> dict[str, str]:
        h = self._h
        try:
            chart = load()
        except h.HelmError as exc:
            raise ChartError(_one_line(str(exc))) from None
        try:
            with chart:
                out = chart.render(values, name=release, namespace=namespace)
        except (h.HelmRenderError, h.HelmValuesError) as exc:
            raise RenderFailed(str(exc)) from None
        return {str(k): str(v) for k, v in out.items()}


def _archive(chart_dir: str, overrides: Mapping[str, str]) -> bytes:
    """The chart folder as `helm package` would pack it (files under one top folder), as a tar stored
    without compression inside gzip (Helm reads archives through gzip; the bytes never leave memory),
    with `overrides` (paths inside the chart) in place of the files on disk."""
    top = os.path.basename(os.path.abspath(chart_dir)) or "chart"
    blocks: list[bytes] = []
    for directory, dirs, files in os.walk(chart_dir):
        dirs[:] = sorted(d for d in dirs if d != ".git")
        folder = os.path.relpath(directory, chart_dir).replace(os.sep, "/")
        for name in sorted(files):
            path = os.path.join(directory, name)
            rel = name if folder == "." else f"{folder}/{name}"
            if rel in overrides:
                data = overrides[rel].encode("utf-8")
            else:
                with open(path, "rb") as handle:
                    data = handle.read()
            blocks.append(_tar_header(f"{top}/{rel}", len(data)))
            blocks.append(data)
            blocks.append(b"\0" * (-len(data) % _BLOCK))
    blocks.append(b"\0" * (2 * _BLOCK))
    return gzip.compress(b"".join(blocks), compresslevel=0, mtime=0)


_BLOCK = 512


def _tar_header(name: str, size: int) -> bytes:
    """A regular file's ustar header (mode 0644, owner 0, time 0, as a packed chart's files need no
    more); a name that ustar cannot hold gets tarfile's (PAX) header instead."""
    encoded = name.encode("utf-8")
    prefix, _, short = encoded.rpartition(b"/") if len(encoded) > 100 else (b"", b"", encoded)
    if len(short) > 100 or len(prefix) > 155 or not encoded.isascii():
        info = tarfile.TarInfo(name)
        info.size, info.mode = size, 0o644
        return info.tobuf(tarfile.PAX_FORMAT)
    header = b"".join(
        (
            short.ljust(100, b"\0"),
            b"0000644\0",  # mode
            b"0000000\0",  # uid
            b"0000000\0",  # gid
            b"%011o\0" % size,
            b"00000000000\0",  # mtime
            b" " * 8,  # the checksum counts its own field as spaces
            b"0",  # a regular file
            b"\0" * 100,  # link name
            b"ustar\x0000",
            b"\0" * 80,  # owner and group names, device numbers
            prefix.ljust(155, b"\0"),
        )
    ).ljust(_BLOCK, b"\0")
    checksum = b"%06o\0 " % sum(header)
    return header[:148] + checksum + header[156:]


class BinaryEngine(Engine):
    """`helm template`; its stream is split back into one text per template on `# Source:` lines."""

    name = "helm"

    def __init__(self, path: str) -> None:
        self._path = path

    def render(
        self, chart_dir: str, values: dict[str, Any], args: Sequence[str], release: str, namespace: str
    ) -> dict[str, str]:
        command = [self._path, "template", release, chart_dir, "--namespace", namespace, *args]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RenderFailed(done.stderr.strip() or f"helm template exited with {done.returncode}")
        return split_sources(done.stdout)


_SOURCE = re.compile(r"^---\n# Source: (.+)\n", re.MULTILINE)
_MARKER_ONLY = re.compile(r"[ \t]*(?:#@pl:\d+:\d+[ \t]*)+")


def split_sources(stream: str) -> dict[str, str]:
    """`helm template` output → one text per template (its documents joined by `---` lines).

    Helm trims each document; an instrumented render also keeps lines holding nothing but markers,
    so those are dropped at the ends of each document to keep both renders aligned."""
    parts: dict[str, list[str]] = {}
    matches = list(_SOURCE.finditer(stream))
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(stream)
        lines = stream[m.end() : end].rstrip("\n").split("\n")
        while lines and _MARKER_ONLY.fullmatch(lines[0]):
            lines.pop(0)
        while lines and _MARKER_ONLY.fullmatch(lines[-1]):
            lines.pop()
        if lines:
            lines[0] = lines[0].lstrip()
            parts.setdefault(m.group(1), []).append("\n".join(lines))
    return {source: "\n---\n".join(docs) for source, docs in parts.items()}


def find_engine() -> Engine:
    try:
        import helm_python
    except ImportError:
        pass
    else:
        return SdkEngine(helm_python)
    binary = shutil.which("helm")
    if binary is not None and os.access(binary, os.X_OK):
        return BinaryEngine(binary)
    raise HelmUnavailableError(NO_ENGINE_MESSAGE)


def _one_line(text: str) -> str:
    return " ".join(text.split())
