"""How `--fix` writes a file: in place, keeping what belongs to the file, and never over a change or a
write protection it was not asked to ignore."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from probelint.fix import writing
from tests.support import run_cli

NEEDS_ROOT = pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to chown")
NOBODY = 65534

FIXABLE = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: nginx
          readinessProbe:
            httpGet: {path: /, port: 80}
"""
FIXED = FIXABLE + "            timeoutSeconds: 2\n"


def fix(folder: Path, *paths: str):
    return run_cli(["--fix", "--select", "probe-timeout-too-low", *paths], cwd=folder)


def test_the_fix_is_written_into_the_same_file(tmp_path: Path) -> None:
    target = tmp_path / "a.yaml"
    target.write_text(FIXABLE)
    before = os.stat(target)
    run = fix(tmp_path, "a.yaml")
    assert run.code == 0, run.stderr
    assert target.read_text() == FIXED
    after = os.stat(target)
    assert (after.st_ino, after.st_dev) == (before.st_ino, before.st_dev)
    assert [name for name in os.listdir(tmp_path)] == ["a.yaml"]  # no temporary file left behind


@NEEDS_ROOT
def test_owner_and_group_are_kept(tmp_path: Path) -> None:
    target = tmp_path / "a.yaml"
    target.write_text(FIXABLE)
    os.chown(target, NOBODY, NOBODY)
    os.chmod(target, 0o640)
    assert fix(tmp_path, "a.yaml").code == 0
    info = os.stat(target)
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (NOBODY, NOBODY, 0o640)
    assert target.read_text() == FIXED


def test_every_hard_link_sees_the_fix(tmp_path: Path) -> None:
    target = tmp_path / "a.yaml"
    target.write_text(FIXABLE)
    twin = tmp_path / "twin.yml.bak"
    os.link(target, twin)
    assert fix(tmp_path, "a.yaml").code == 0
    assert twin.read_text() == FIXED
    assert os.stat(target).st_nlink == 2


def test_extended_attributes_are_kept(tmp_path: Path) -> None:
    target = tmp_path / "a.yaml"
    target.write_text(FIXABLE)
    try:
        os.setxattr(target, "user.probelint-test", b"kept")
    except (AttributeError, OSError) as error:
        pytest.skip(f"no user extended attributes here: {error}")
    assert fix(tmp_path, "a.yaml").code == 0
    assert os.getxattr(target, "user.probelint-test") == b"kept"
    assert target.read_text() == FIXED


def test_a_symbolic_link_is_followed_and_kept(tmp_path: Path) -> None:
    (tmp_path / "real.yaml").write_text(FIXABLE)
    (tmp_path / "link.yaml").symlink_to("real.yaml")
    assert fix(tmp_path, "link.yaml").code == 0
    assert (tmp_path / "link.yaml").is_symlink()
    assert (tmp_path / "real.yaml").read_text() == FIXED


def test_a_read_only_file_is_not_written(tmp_path: Path) -> None:
    target = tmp_path / "a.yaml"
    target.write_text(FIXABLE)
    os.chmod(target, 0o444)
    run = fix(tmp_path, "a.yaml")
    assert run.code == 2
    assert "a.yaml: the file is read-only; not written" in run.stderr
    assert target.read_text() == FIXABLE
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o444


def test_a_file_the_user_cannot_write_is_not_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file owned by someone else in a folder the user may write: renaming over it would succeed."""
    target = tmp_path / "a.yaml"
    target.write_text(FIXABLE)
    real_open = os.open

    def refusing(path, flags, *args, **kwargs):  # what a user who does not own the file gets
        if flags & os.O_RDWR and str(path).endswith("a.yaml"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing)
    run = fix(tmp_path, "a.yaml")
    assert run.code == 2
    assert "a.yaml: not writable (permission denied); not written" in run.stderr
    assert target.read_text() == FIXABLE


def test_a_save_made_just_before_the_write_is_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The content is compared through the handle that writes, after every check: an editor's save
    that lands while the fix is being made is not overwritten."""
    target = tmp_path / "a.yaml"
    target.write_text(FIXABLE)
    saved = FIXABLE.replace("nginx", "nginx:1.27")
    real_open = os.open

    def save_then_open(path, flags, *args, **kwargs):  # the editor saves after every earlier look at the file
        if flags & os.O_RDWR and str(path).endswith("a.yaml"):
            target.write_text(saved)
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", save_then_open)
    run = fix(tmp_path, "a.yaml")
    assert run.code == 2
    assert "a.yaml: changed while it was being fixed; not written" in run.stderr
    assert target.read_text() == saved


def test_a_failed_write_puts_the_original_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "a.yaml"
    target.write_text(FIXABLE)
    calls = []

    def half_then_full(descriptor: int, chunk: memoryview) -> int:
        calls.append(len(chunk))
        if len(calls) == 1:
            return os.write(descriptor, chunk[: len(chunk) // 2])
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return os.write(descriptor, chunk)

    monkeypatch.setattr(writing, "_write", half_then_full)
    run = fix(tmp_path, "a.yaml")
    assert run.code == 2
    assert "a.yaml: cannot write the fixed file: No space left on device; the original was written back" in run.stderr
    assert target.read_text() == FIXABLE


def test_when_even_writing_back_fails_the_original_is_kept_elsewhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "a.yaml"
    target.write_text(FIXABLE)

    def broken(descriptor: int, chunk: memoryview) -> int:
        os.write(descriptor, chunk[:10])
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(writing, "_write", broken)
    run = fix(tmp_path, "a.yaml")
    assert run.code == 2
    message = next(line for line in run.stderr.splitlines() if "restoring it failed too" in line)
    assert message.startswith("probelint: a.yaml: cannot write the fixed file: Input/output error;")
    saved = Path(message.split("the original is in ", 1)[1])
    assert saved.read_text() == FIXABLE
    saved.unlink()


def test_a_full_disk_is_found_before_anything_is_overwritten(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not hasattr(os, "posix_fallocate"):
        pytest.skip("no posix_fallocate here")
    target = tmp_path / "a.yaml"
    target.write_text(FIXABLE)

    def full(descriptor: int, offset: int, length: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    def never(descriptor: int, chunk: memoryview) -> int:
        raise AssertionError("nothing may be written when there is no room")

    monkeypatch.setattr(os, "posix_fallocate", full)
    monkeypatch.setattr(writing, "_write", never)
    run = fix(tmp_path, "a.yaml")
    assert run.code == 2
    assert "No space left on device; the original is unchanged" in run.stderr
    assert target.read_text() == FIXABLE


def _as_nobody() -> None:
    os.setgid(NOBODY)
    os.setuid(NOBODY)


@NEEDS_ROOT
def test_a_root_owned_file_in_a_folder_others_may_write_is_not_written() -> None:
    """As a user who may write the folder but not the file: renaming over the file would succeed."""
    import subprocess
    import sys
    import tempfile

    from tests.support import ROOT

    folder = Path(tempfile.mkdtemp(dir="/tmp"))
    try:
        os.chmod(folder, 0o777)
        target = folder / "a.yaml"
        target.write_text(FIXABLE)
        os.chmod(target, 0o644)
        environment = {"PYTHONPATH": str(ROOT), "HOME": str(folder)}
        command_line = [sys.executable, "-m", "probelint", "--fix", "--select", "probe-timeout-too-low", "a.yaml"]
        try:
            done = subprocess.run(
                command_line, cwd=folder, env=environment, preexec_fn=_as_nobody, capture_output=True, text=True
            )
        except PermissionError:
            pytest.skip("this Python cannot be run by another user")
        if "No module named" in done.stderr or "Permission denied: '" in done.stderr:
            pytest.skip("probelint cannot be imported by another user here")
        assert done.returncode == 2, done.stderr
        assert "a.yaml: not writable (permission denied); not written" in done.stderr
        assert target.read_text() == FIXABLE
        assert os.stat(target).st_uid == 0
    finally:
        for child in folder.iterdir():
            child.unlink()
        folder.rmdir()
