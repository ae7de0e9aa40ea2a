"""Files written whole or not at all: a temporary file beside the target,
fsync, rename over the target, fsync of the folder."""
from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

#: The suffix of the temporary files; a crash can leave one (``verify --repair`` removes it).
TEMP_SUFFIX = ".tmp"


def fsync_directory(path: Path) -> None:
    """Make a rename or a new file in ``path`` durable."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def atomic_text_file(path: Path, binary: bool = False) -> Iterator:
    """A text handle (with ``binary``, a bytes one) whose content replaces
    ``path`` when the block ends without an exception; on one, ``path`` is
    left as it was."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
    try:
        with (os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8")) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    fsync_directory(path.parent)
