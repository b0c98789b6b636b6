"""File writing that never leaves a half-written file behind, never replaces what is not a
regular file, and never writes outside the folder it is given."""

from __future__ import annotations

import os
import re
import stat
import sys
import tempfile
from pathlib import Path

STDOUT = ("-", "/dev/stdout")


class OutputError(OSError):
    """An output path that argmine will not write to; the message names it and says why."""


def check_output(path: str | Path) -> Path:
    """``path`` as a place to write a new or regular file, or ``OutputError`` saying why not.

    A symlink, a FIFO, a device or a folder is refused (writing over it would destroy or
    follow it), and so is a path under a regular file.

    >>> try:
    ...     check_output("/dev/null")
    ... except OutputError as e:
    ...     print(e)
    /dev/null: not a regular file (a character device); give a file path
    """
    path = Path(path)
    try:
        st = path.lstat()
    except FileNotFoundError:
        st = None
    except NotADirectoryError:
        raise OutputError(f"{path}: a parent of this path is a file, not a folder") from None
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise OutputError(f"{path}: not a regular file ({_kind(st.st_mode)}); give a file path")
    for parent in path.parents:
        if parent.exists() or parent.is_symlink():
            if not parent.is_dir():
                raise OutputError(f"{path}: {parent} is not a folder")
            break
    return path


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISLNK, "a symlink"), (stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")):  # fmt: skip
        if test(mode):
            return name
    return "not a regular file"


def safe_name(name: str, suffix: str = "") -> str:
    """A file name made from a document id: no folder, no colon, not hidden, never ``.`` or ``..``.

    >>> safe_name("../../etc/passwd", ".html"), safe_name("ANTv2.1:AL-economy-433", ".argm"), safe_name("")
    ('_.._.._etc_passwd.html', 'ANTv2.1__AL-economy-433.argm', 'document')
    """
    cleaned = re.sub(r"[^\w.\-]", "_", (name or "document").replace(":", "__"))[:200]
    return ("_" + cleaned if cleaned.startswith(".") else cleaned) + suffix


def atomic_write(path: str | Path, data: str | bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it over ``path``.

    The temporary file is removed on any error or interruption (``KeyboardInterrupt``, and
    ``SystemExit`` from the command's SIGTERM handler). ``-`` and ``/dev/stdout`` mean standard output.

    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "out.txt")
    >>> atomic_write(p, "نص")
    >>> open(p, encoding="utf-8").read()
    'نص'
    """
    if str(path) in STDOUT:
        out = sys.stdout.buffer
        out.write(data.encode("utf-8") if isinstance(data, str) else data)
        out.flush()
        return
    path = check_output(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data.encode("utf-8") if isinstance(data, str) else data)
            f.flush()
            os.fsync(f.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; a finished file gets the usual mode
        check_output(path)  # nothing took its place meanwhile
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
