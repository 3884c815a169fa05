"""Failures of the machine rather than of newsbot — a full disk, a read-only or unwritable data
directory — as one line at the CLI's edge. They surface from SQLite, SQLAlchemy, Chroma or the OS,
each with its own exception type, so they are recognised by errno and by message; Chroma words a
full disk as a failed compaction, so for a storage library's error the free space is looked at too.
"""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_NOT_WRITABLE = {errno.EROFS, errno.EACCES, errno.EPERM}
_FULL_WORDS = ("disk is full", "no space left", "file too large", "disk quota")
_NOT_WRITABLE_WORDS = ("readonly database", "read-only file system", "unable to open database", "permission denied",
                       "operation not permitted")
_STORAGE_LIBRARIES = ("chromadb", "sqlite3", "sqlalchemy")
LOW_SPACE = 64 * 2**20  # bytes: less than this free, a storage failure is taken for a full disk


def _chain(error: BaseException):
    """The error and its causes (libraries wrap OS and SQLite errors in their own)."""
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        yield error
        error = error.__cause__ or error.__context__


def free_bytes(folder: Path) -> int | None:
    """Free space on the disk holding ``folder`` (or its nearest existing parent)."""
    for candidate in (folder.resolve(), *folder.resolve().parents):
        if candidate.exists():
            return shutil.disk_usage(candidate).free
    return None


def environment_failure(error: BaseException, data_dir: Path) -> str | None:
    """One line for ``error`` when the disk is full or the data directory cannot be written, else
    None (a bug: the traceback is worth more than a line)."""
    full = f"the disk holding {data_dir} is full; free some space and run again (nothing already indexed was lost)"
    for cause in _chain(error):
        code = getattr(cause, "errno", None) if isinstance(cause, OSError) else None
        text = str(cause).lower()
        if code in _FULL or any(word in text for word in _FULL_WORDS):
            return full
        if code in _NOT_WRITABLE or any(word in text for word in _NOT_WRITABLE_WORDS):
            where = getattr(cause, "filename", None) or data_dir
            return (f"cannot write to {where} ({getattr(cause, 'strerror', None) or 'read-only'}); "
                    "the data directory must be a writable folder")
    storage = any(type(cause).__module__.split(".")[0] in _STORAGE_LIBRARIES for cause in _chain(error))
    free = free_bytes(data_dir) if storage else None
    if free is not None and free < LOW_SPACE:
        return f"{full[:-1]}; the store said: {str(error)[:200]})"
    return None
