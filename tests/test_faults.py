"""Fault injection: signals, kills, a full disk and read-only targets, on real processes.

Each test runs ``python -m irm`` in a child process and does to it what a shell, a
scheduler, the OOM killer or a full disk does, then checks what is left on disk: never
a partial target, never a hidden temporary file after a signal irm can handle, no worker
left behind when the parent is killed.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import irm

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="process signals and /proc are Linux's")


@pytest.fixture(scope="module")
def big_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample's rows many times over (new ids and plans): a few seconds of scoring."""
    table = irm.read_ogp_csv(irm.sample_path())
    copies = [table.with_columns({
        "Commitment Unique Identifier": [f"{v}-{k}" for v in table.ids.tolist()],
        "Action Plan ID": [f"{v}-{k}" for v in table.column("Action Plan ID").tolist()]})
        for k in range(400)]
    path = tmp_path_factory.mktemp("faults") / "big.csv"
    irm.write_ogp_csv(irm.concat_tables(copies), path)
    return path


def _irm(*argv: str, **kw: object) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "irm", *argv], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, **kw)  # type: ignore[call-overload]


def _hidden(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.startswith(".") and p.suffix == ".tmp"]


def _wait_for(condition, timeout: float = 30.0) -> bool:  # type: ignore[no-untyped-def]
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.05)
    return False


def _children(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (from /proc)."""
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                out.append(int(entry.name))
    return out


def _alive(pid: int) -> bool:
    """Running, not a zombie waiting to be reaped."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.parametrize("command", ["score", "derive", "milestones", "graph"])
def test_sigterm_removes_the_hidden_temporary_file(big_export, tmp_path, command):
    """SIGTERM (timeout, docker stop, a scheduler) cleans up as Ctrl-C does: exit 143,
    no temporary file, and the target as it was (here: absent)."""
    suffix = ".json" if command == "graph" else ".csv"
    target = tmp_path / f"out{suffix}"
    child = _irm(command, str(big_export), "-o", str(target), "--jobs", "1") \
        if command == "score" else _irm(command, str(big_export), "-o", str(target))
    # the graph's continuity links take most of a minute on a slow machine before it writes
    assert _wait_for(lambda: bool(_hidden(tmp_path)) or child.poll() is not None, timeout=120)
    child.send_signal(signal.SIGTERM)
    child.wait(timeout=60)
    if child.returncode == 0:  # finished before the signal: then the output is whole
        assert target.exists()
    else:
        assert child.returncode == 128 + signal.SIGTERM
        assert not target.exists()
    assert not _hidden(tmp_path)


def test_killing_the_scoring_parent_takes_its_workers_with_it(big_export, tmp_path):
    """kill -9 of irm score (what the OOM killer does): its worker processes end too,
    rather than living on holding the caller's stderr pipe open."""
    child = _irm("score", str(big_export), "-o", str(tmp_path / "out.csv"), "--jobs", "2")
    assert _wait_for(lambda: len(_children(child.pid)) >= 2, timeout=60), "no workers started"
    workers = _children(child.pid)
    time.sleep(0.5)  # let them start their work
    child.kill()
    child.wait(timeout=10)
    assert _wait_for(lambda: not any(_alive(w) for w in workers), timeout=15), \
        [w for w in workers if _alive(w)]


@pytest.mark.parametrize("after", [0.3, 1.0, 2.0])
def test_a_kill_at_any_point_of_a_write_leaves_the_old_target_whole(big_export, tmp_path,
                                                                     after):
    """SIGKILL, which no program can handle, at several points of a large write: the
    target is still the file it was before, byte for byte (the write is atomic)."""
    target = tmp_path / "out.csv"
    target.write_bytes(b"the previous output\n")
    child = _irm("score", str(big_export), "-o", str(target), "--jobs", "1")
    time.sleep(after)
    child.kill()
    child.wait(timeout=10)
    assert target.read_bytes() in (b"the previous output\n",) or child.returncode == 0


def test_a_full_disk_names_the_output_and_leaves_nothing_behind(big_export, tmp_path):
    """A write that runs out of space (here: a file-size limit, as a full disk fails it)
    exits 2 naming the output, removes its temporary file and keeps the old target."""
    target = tmp_path / "out.csv"
    target.write_bytes(b"old\n")

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # fail the write, not the process
        resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))

    child = _irm("derive", str(big_export), "-o", str(target), preexec_fn=limit)
    _, err = child.communicate(timeout=120)
    assert child.returncode == 2, err
    assert str(target) in err.decode() and b"Traceback" not in err
    assert target.read_bytes() == b"old\n" and not _hidden(tmp_path)


def test_a_read_only_target_folder_is_refused_before_the_work(big_export, tmp_path):
    """An output in a folder irm cannot write: exit 2 at once, naming the path."""
    if os.geteuid() == 0:
        pytest.skip("root writes to read-only folders")
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        child = _irm("derive", str(big_export), "-o", str(folder / "out.csv"))
        _, err = child.communicate(timeout=60)
        assert child.returncode == 2 and b"not writable" in err
    finally:
        folder.chmod(0o700)


def test_a_folder_irm_may_not_write_is_refused_even_for_root(big_export, tmp_path,
                                                             monkeypatch):
    """The check itself, whoever runs it: a folder os.access says is not writable."""
    from irm.cli import main

    real = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if str(p) == str(tmp_path)
                        else real(p, mode))
    import io

    err = io.StringIO()
    assert main(["derive", str(big_export), "-o", str(tmp_path / "out.csv")],
                stdout=io.StringIO(), stderr=err) == 2
    assert "not writable" in err.getvalue() and str(tmp_path / "out.csv") in err.getvalue()


@pytest.mark.parametrize("argv", [["report"], ["validate"], ["evaluate", "--bootstrap", "0"],
                                  ["fit"], ["milestones"]])
def test_an_output_that_is_the_input_is_refused_and_the_export_kept(tmp_path, argv):
    """irm report export.csv -o export.csv replaced the export with a report: refused
    now (as cp a a is), by the file's identity, so a link or another spelling is caught."""
    from irm.cli import main
    import io

    export = tmp_path / "export.csv"
    export.write_bytes(irm.sample_path().read_bytes())
    link = tmp_path / "link.csv"
    link.symlink_to(export)
    for output in (export, link, tmp_path / "." / "export.csv"):
        err = io.StringIO()
        code = main([argv[0], str(export), "-o", str(output), *argv[1:]],
                    stdout=io.StringIO(), stderr=err)
        assert code == 2 and "it is the input" in err.getvalue(), (output, err.getvalue())
    assert export.read_bytes() == irm.sample_path().read_bytes()


def test_derive_and_score_in_place_stay_allowed(tmp_path):
    """derive and score write the export itself: in place is their use, atomic."""
    from irm.cli import main
    import io

    export = tmp_path / "export.csv"
    export.write_bytes(irm.sample_path().read_bytes())
    assert main(["derive", str(export), "-o", str(export)], stdout=io.StringIO(),
                stderr=io.StringIO()) == 0
    assert main(["score", str(export), "-o", str(export)], stdout=io.StringIO(),
                stderr=io.StringIO()) == 0
    assert "auto_evidence" in irm.read_ogp_csv(export)
