"""Files written whole or not at all: a temporary file beside the target,
fsync, rename over the target, fsync of the folder.  Without the fsyncs
(``durable=False``) the file is as whole to a reader and after a crash of
the program, and durable against a power cut only once its writer has
fsync'd it and its folder (``fsync_paths``)."""
from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

#: The suffix of the temporary files; a crash can leave one (``verify --repair`` removes it).
TEMP_SUFFIX = ".tmp"
#: fsyncs at once in ``fsync_paths``.
FSYNC_THREADS = 16


def fsync_directory(path: Path) -> None:
    """Make a rename or a new file in ``path`` durable (or, given a file, its content)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_paths(paths: Iterable[Path]) -> None:
    """fsync files and folders all at once: the file system commits
    concurrent fsyncs together, so many cost about as much as one."""
    paths = list(paths)
    if len(paths) <= 1:
        for path in paths:
            fsync_directory(path)
        return
    with ThreadPoolExecutor(max_workers=min(len(paths), FSYNC_THREADS)) as pool:
        list(pool.map(fsync_directory, paths))


@contextmanager
def atomic_text_file(path: Path, durable: bool = True) -> Iterator:
    """A text handle whose content replaces ``path`` when the block ends
    without an exception; on one, ``path`` is left as it was."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            yield handle
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    if durable:
        fsync_directory(path.parent)
