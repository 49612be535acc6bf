"""Atomic file writes: a reader never sees a half-written output."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path
from typing import IO, Any, Iterator

__all__ = ["atomic_open", "open_output", "source_name"]


@contextlib.contextmanager
def atomic_open(path: str | os.PathLike[str], mode: str = "w", **kwargs: Any) -> Iterator[IO[Any]]:
    """Open a temporary file beside ``path``; on success it replaces ``path``.

    If the body raises, the temporary file is removed and ``path`` is left
    as it was.
    """
    target = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                   dir=target.parent if str(target.parent) else ".")
    except OSError as err:  # name the user's path, not the temporary one
        raise _naming(err, target) from err
    try:
        # mkstemp creates the file 0600; give it the mode a plain open() would
        # (or the mode of the file it replaces)
        try:
            os.chmod(tmp, target.stat().st_mode & 0o7777)
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        with os.fdopen(fd, mode, **kwargs) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except OSError as err:  # a full disk, a read-only folder: the user's path, not ours
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if err.filename in (None, tmp):
            raise _naming(err, target) from err
        raise
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _naming(err: OSError, target: Path) -> OSError:
    """The same error, naming ``target`` as the file it could not write."""
    return type(err)(err.errno, err.strerror or str(err), str(target))


@contextlib.contextmanager
def open_output(target: Any, mode: str = "w", **kwargs: Any) -> Iterator[IO[Any]]:
    """Open ``target`` for writing: a path (atomically), ``"-"`` for
    standard output, or an already open file object (used as it is)."""
    if target == "-" or target is None:
        stream = sys.stdout.buffer if "b" in mode else sys.stdout
        yield stream
        stream.flush()
    elif isinstance(target, (str, os.PathLike)):
        with atomic_open(target, mode, **kwargs) as fh:
            yield fh
    else:
        yield target


def source_name(source: Any) -> str:
    """A name for messages: the path, ``<stdin>``, or the file object's name."""
    if source == "-":
        return "<stdin>"
    if isinstance(source, (str, os.PathLike)):
        return str(source)
    return str(getattr(source, "name", "<stream>"))
