"""Files written whole or not at all: a temporary file beside the target,
fsync, rename over the target, fsync of the folder.  Without the fsyncs
(``durable=False``) the file is as whole to a reader and after a crash of
the program, and durable against a power cut only once its writer has
fsync'd it and its folder (``fsync_paths``)."""
from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from functools import partial
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


def fsync_paths(paths: Iterable[Path], *more: Callable[[], None]) -> None:
    """fsync files and folders, and run ``more`` syncs (a file being
    written), all at once: the file system commits concurrent fsyncs
    together, so many cost about as much as one."""
    jobs = [partial(fsync_directory, path) for path in paths] + list(more)
    if len(jobs) <= 1:
        for job in jobs:
            job()
        return
    with ThreadPoolExecutor(max_workers=min(len(jobs), FSYNC_THREADS)) as pool:
        for done in [pool.submit(job) for job in jobs]:
            done.result()  # raises what a sync raised


@contextmanager
def atomic_text_file(path: Path, binary: bool = False, durable: bool = True) -> Iterator:
    """A text handle (with ``binary``, a bytes one) whose content replaces
    ``path`` when the block ends without an exception; on one, ``path`` is
    left as it was.  Not ``durable``: not fsync'd, its owner syncs it later."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
    try:
        with (os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8")) as handle:
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
