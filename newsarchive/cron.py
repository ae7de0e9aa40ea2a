"""The crontab line that runs ``newsarchive run``,
and installing it in the user's crontab (``newsarchive schedule``).

    newsarchive schedule --every 1h --sites sites.toml            # print the line
    newsarchive schedule --every 1h --sites sites.toml --install  # add it (replaces its old one)
    newsarchive schedule --sites sites.toml --remove              # take it out
    newsarchive schedule --list                                   # the newsarchive lines installed

The line changes to the project folder, names ``ARCHIVE_DIR``, the sites
file and the venv's ``newsarchive`` by absolute paths (cron's environment
has none of yours) and appends the run's output to
``ARCHIVE_DIR/logs/run.log``.  Overlapping runs need nothing in the line:
``newsarchive run`` takes the archive's lock itself and a second one exits
at once.  Each line ends with a comment tag naming its sites file (and
site), which ``--install``, ``--remove`` and ``--list`` look for.  The
crontab command is ``crontab``, or what ``--crontab`` or the
``NEWSARCHIVE_CRONTAB`` environment variable name (tests use a fake one).
"""
from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from .archive.layout import ArchiveLayout

TAG = "# newsarchive-run"
CRONTAB_ENV = "NEWSARCHIVE_CRONTAB"
LOG_NAME = "run.log"


class ScheduleError(Exception):
    """The crontab cannot be read or written, or the command to put in it found."""


def cron_timing(every: timedelta) -> str:
    """The five time fields of a crontab line that runs every ``every``:
    minutes dividing an hour, hours dividing a day, a day or a week."""
    minutes = int(every.total_seconds() // 60)
    if 1 <= minutes < 60 and 60 % minutes == 0:
        return "* * * * *" if minutes == 1 else f"*/{minutes} * * * *"
    hours, rest = divmod(minutes, 60)
    if not rest and 1 <= hours < 24 and 24 % hours == 0:
        return "0 * * * *" if hours == 1 else f"0 */{hours} * * *"
    if minutes == 24 * 60:
        return "0 0 * * *"
    if minutes == 7 * 24 * 60:
        return "0 0 * * 0"
    raise ValueError("cron cannot run that evenly: give minutes that divide an hour (5m, 15m, 30m), "
                        "hours that divide a day (1h, 2h, 6h), 1d or 1w")


def newsarchive_executable() -> Path:
    """The ``newsarchive`` script of the running Python's environment (the venv)."""
    beside = Path(sys.executable).absolute().parent / "newsarchive"
    found = beside if beside.exists() else shutil.which("newsarchive")
    if not found:
        raise ScheduleError(f"cannot find the newsarchive command beside {sys.executable}")
    return Path(found).absolute()


def entry_tag(sites: Path, only: str | None) -> str:
    return f"{TAG} sites={sites}" + (f" only={only}" if only else "")


def _arg(value) -> str:
    """A shell word for a crontab line (where ``%`` means a new line)."""
    return shlex.quote(str(value)).replace("%", "\\%")


def cron_line(every: timedelta, sites: Path, only: str | None, archive: ArchiveLayout, project: Path,
              executable: Path) -> str:
    """The crontab line; every path absolute."""
    command = (f"cd {_arg(project)} && ARCHIVE_DIR={_arg(archive.root)} {_arg(executable)} run "
               f"--sites {_arg(sites)}" + (f" --only {_arg(only)}" if only else "")
               + f" >> {_arg(archive.logs_dir / LOG_NAME)} 2>&1")
    return f"{cron_timing(every)} {command} {entry_tag(sites, only)}"


# -- the user's crontab -------------------------------------------------------------

def crontab_command(option: str | None) -> list[str]:
    words = shlex.split(option or os.environ.get(CRONTAB_ENV) or "crontab")
    if not words or not shutil.which(words[0]):
        raise ScheduleError(f"no crontab command ({words[0] if words else 'empty'} not found): install cron "
                            "(e.g. apt install cron), or give the line printed without --install "
                            "to your scheduler")
    return words


def read_crontab(command: list[str]) -> list[str]:
    """The lines of the user's crontab; none when the user has no crontab."""
    result = subprocess.run([*command, "-l"], capture_output=True, text=True)
    if result.returncode != 0:
        if "no crontab" in result.stderr.lower():
            return []
        raise ScheduleError(f"crontab -l failed: {result.stderr.strip()}")
    return result.stdout.splitlines()


def write_crontab(command: list[str], lines: list[str]) -> None:
    result = subprocess.run([*command, "-"], input="".join(line + "\n" for line in lines),
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise ScheduleError(f"crontab - failed: {result.stderr.strip()}")


def without_entry(lines: list[str], sites: Path, only: str | None, every_site: bool = False) -> list[str]:
    """``lines`` but the entry of ``sites`` (and ``only``); with
    ``every_site``, but every entry of ``sites``, whatever its ``--only``."""
    tag = entry_tag(sites, only)
    return [line for line in lines
            if not (line.endswith(tag) or every_site and line.partition(f"{tag} only=")[1])]


def remove_entry(command: list[str], sites: Path, only: str | None) -> int:
    """Remove the entry of ``sites`` and ``only`` from the user's crontab
    (without ``only``: every entry of ``sites``); how many lines went."""
    lines = read_crontab(command)
    kept = without_entry(lines, sites, only, every_site=only is None)
    if len(kept) < len(lines):
        write_crontab(command, kept)
    return len(lines) - len(kept)
