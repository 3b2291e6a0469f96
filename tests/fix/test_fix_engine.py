"""The parts of --fix that make it safe, one at a time: placing edits, moving comments, refusing."""

from __future__ import annotations

from pathlib import Path

import pytest

from probelint.fix import apply
from probelint.fix.edits import CannotFix, Editor
from probelint.fix.fixes import Fix, FixContext
from probelint.fix.merge import Conflict, Hunk, merge
from probelint.fix.roundtrip import LoadedChunk, SourceText, load_chunk
from probelint.paths import ObjectPath
from tests.support import run_cli

DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: nginx:1.27
          readinessProbe:
            httpGet: {path: /ready, port: 8080}
          livenessProbe:
            httpGet: {path: /healthz, port: 8080}
            timeoutSeconds: 1
"""


def test_merge_places_an_edit_when_ruamel_rewrites_elsewhere() -> None:
    original = ["a: 1   ", "b:", "  c: 2"]  # ruamel.yaml drops the trailing spaces of line 1
    unedited = ["a: 1", "b:", "  c: 2"]
    edited = ["a: 1", "b:", "  c: 3"]
    assert merge(original, unedited, edited) == [Hunk(2, 3, ("  c: 3",))]


def test_merge_refuses_an_edit_next_to_a_rewrite() -> None:
    original = ["a: 1", "b: 2   "]
    conflict = merge(original, ["a: 1", "b: 2"], ["a: 1", "b: 3"])
    assert isinstance(conflict, Conflict)
    assert conflict.reason == "trailing whitespace"
    assert conflict.describe() == "line 2: trailing whitespace (ruamel.yaml would write 'b: 2   ' as 'b: 2')"


def test_merge_indents_new_lines_like_the_original() -> None:
    # This document indents one list two spaces deeper than ruamel.yaml's single setting does.
    original = ["items:", "    - name: a", "      x: 1", "other:", "- b"]
    unedited = ["items:", "  - name: a", "    x: 1", "other:", "- b"]
    edited = ["items:", "  - name: a", "    x: 1", "    y: 2", "  timeout: 3", "other:", "- b"]
    assert merge(original, unedited, edited) == [Hunk(3, 3, ("      y: 2", "    timeout: 3"))]


def test_source_text_keeps_endings_bom_and_missing_newline() -> None:
    data = b"\xef\xbb\xbfa: 1\r\nb: 2"
    text = SourceText.from_bytes(data)
    assert (text.lines, text.endings, text.bom) == (["a: 1", "b: 2"], ["\r\n", ""], True)
    assert text.to_bytes() == data
    assert text.replaced(2, 2, ["c: 3"]).to_bytes() == b"\xef\xbb\xbfa: 1\r\nb: 2\r\nc: 3"


def _editor(text: str) -> tuple[Editor, LoadedChunk]:
    chunk = load_chunk(text.splitlines())
    return Editor(chunk.documents[0]), chunk


def test_removing_a_key_keeps_the_comment_lines_after_it() -> None:
    editor, chunk = _editor("p:\n  a: 1\n  b: 2  # gone with b\n  # about c\n  c: 3\n")
    editor.delete(ObjectPath.parse("p.b"))
    assert chunk.dump() == ["p:", "  a: 1", "  # about c", "  c: 3"]


def test_removing_a_first_key_that_comments_follow_is_refused() -> None:
    editor, _ = _editor("p:\n  b: 2\n  # about c\n  c: 3\n")
    with pytest.raises(CannotFix, match="would lose the comment lines"):
        editor.delete(ObjectPath.parse("p.b"))


def test_adding_a_key_leaves_comments_about_what_follows_in_place() -> None:
    editor, chunk = _editor("p:\n  a: 1\n    # more about a\n  # about q\nq: 2\n")
    editor.set(ObjectPath.parse("p.t"), 5)
    assert chunk.dump() == ["p:", "  a: 1", "    # more about a", "  t: 5", "  # about q", "q: 2"]
    assert [change.op for change in editor.changes] == ["set"]


def _with_fix(monkeypatch: pytest.MonkeyPatch, rule: str, function: object) -> None:
    real = apply.fix_for  # type: ignore[attr-defined]  # the name the test replaces, not an export

    def fake(rule_id: str) -> Fix | None:
        return Fix(rule, "test", function) if rule_id == rule else real(rule_id)  # type: ignore[arg-type]

    monkeypatch.setattr(apply, "fix_for", fake)


def test_a_fix_that_crashes_costs_only_its_own_finding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(ctx: FixContext) -> None:
        ctx.editor.set((*ObjectPath.parse(ctx.probe().view.path), "periodSeconds"), 10)  # half done...
        raise RuntimeError("boom")

    _with_fix(monkeypatch, "probe-timeout-too-low", broken)
    text = DEPLOYMENT + "          env:\n            - {name: DEBUG, value: yes}\n"
    (tmp_path / "e.yaml").write_text(text)
    result = run_cli(["--fix", "--jobs", "1", "e.yaml"], cwd=tmp_path)
    # ... so nothing of it is written, while the env fix is.
    assert (tmp_path / "e.yaml").read_text() == text.replace("value: yes", 'value: "true"')
    assert "probe-timeout-too-low not fixed: the fix failed (RuntimeError: boom); please report this" in result.stderr


def test_a_fix_that_does_not_resolve_its_finding_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def useless(ctx: FixContext) -> None:
        ctx.editor.set((*ObjectPath.parse(ctx.probe().view.path), "periodSeconds"), 11)

    _with_fix(monkeypatch, "probe-timeout-too-low", useless)
    (tmp_path / "e.yaml").write_text(DEPLOYMENT)
    result = run_cli(["--fix", "--jobs", "1", "e.yaml"], cwd=tmp_path)
    assert "probe-timeout-too-low not fixed: the fix did not make the finding go away" in result.stderr
    assert (tmp_path / "e.yaml").read_text() == DEPLOYMENT  # its change is not written either


def test_mixed_line_endings_stay_as_they_were(tmp_path: Path) -> None:
    lines = DEPLOYMENT.splitlines(keepends=True)
    data = "".join(line.replace("\n", "\r\n") if index % 3 == 2 else line for index, line in enumerate(lines))
    (tmp_path / "e.yaml").write_bytes(data.encode())
    run_cli(["--fix", "e.yaml"], cwd=tmp_path)
    after = (tmp_path / "e.yaml").read_bytes().decode().splitlines(keepends=True)
    before = data.splitlines(keepends=True)
    # A new timeoutSeconds follows line 12 and takes its CRLF; line 15 (CRLF) gets the higher timeout.
    # Every other line keeps its own ending.
    assert after == [
        *before[:12],
        "            timeoutSeconds: 2\r\n",
        *before[12:14],
        "            timeoutSeconds: 2\r\n",
    ]
    assert before[11].endswith("\r\n")
    assert before[13].endswith("}\n")


def test_many_edits_in_one_pass_equal_one_edit_at_a_time() -> None:
    """`replaced_many` (linear in the file whatever the number of fixes) gives what `replaced`,
    applied from the last edit up, gives."""
    import random

    from probelint.fix.roundtrip import SourceText

    generator = random.Random(7)
    for _ in range(200):
        count = generator.randint(1, 30)
        endings = [generator.choice(["\n", "\r\n"]) for _ in range(count)]
        endings[-1] = generator.choice(["", "\n", "\r\n"])
        text = SourceText([f"line {i}" for i in range(count)], endings, False)
        cuts = sorted(generator.sample(range(count + 1), generator.randint(0, min(6, count + 1)) // 2 * 2))
        edits = [
            (start, end, [f"new {start}.{n}" for n in range(generator.randint(0, 3))])
            for start, end in zip(cuts[::2], cuts[1::2], strict=True)
        ]
        one_at_a_time = text
        for start, end, lines in sorted(edits, reverse=True):
            one_at_a_time = one_at_a_time.replaced(start, end, lines)
        at_once = text.replaced_many(edits)
        assert (at_once.lines, at_once.endings) == (one_at_a_time.lines, one_at_a_time.endings)


def test_a_document_holding_a_yaml_1_1_y_is_fixed(tmp_path: Path) -> None:
    """`y` is a boolean to Kubernetes' YAML reader, and to the loads that verify a fix."""
    path = tmp_path / "pod.yaml"
    path.write_text(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {debug: y}}\nspec:\n  containers:\n  - name: c\n"
        "    image: x\n    readinessProbe:\n      exec: {command: [pg_isready]}\n      timeoutSeconds: 1\n"
    )
    run = run_cli(["--diff", "--select", "probe-timeout-too-low", str(path)])
    assert "+      timeoutSeconds: 2" in run.stdout
    assert "failed" not in run.stdout + run.stderr
