"""``newsarchive schedule``: the crontab line that runs ``newsarchive run``
(``cron``), printed, installed, removed or listed."""
from __future__ import annotations

import argparse
from pathlib import Path

from ..archive.layout import ArchiveLayout
from ..cron import (CRONTAB_ENV, TAG, ScheduleError, cron_line, crontab_command, newsarchive_executable, read_crontab,
                    remove_entry, without_entry, write_crontab)
from ..sites import SitesFileError, load_sites
from ..utils.timeutils import parse_duration
from .common import EXIT_FAILED, EXIT_USAGE, add_archive_dir, log


def add(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("schedule", help="the crontab line for newsarchive run; install, remove, list it",
                       description="Print the crontab line that runs newsarchive run on the sites file "
                                   "every --every (absolute paths, the run's own lock, output appended to "
                                   "ARCHIVE_DIR/logs/run.log); --install adds it to your crontab, "
                                   "--remove takes it out, --list shows the newsarchive lines.")
    p.add_argument("--every", default="1h", help="how often: 15m, 30m, 1h, 2h, 6h, 1d, 1w (default 1h)")
    p.add_argument("--sites", type=Path, default=Path("sites.toml"), help="the sites file (default: sites.toml)")
    p.add_argument("--only", metavar="NAME", help="run only the site of this name")
    add_archive_dir(p)
    action = p.add_mutually_exclusive_group()
    action.add_argument("--install", action="store_true", help="add the line to your crontab")
    action.add_argument("--remove", action="store_true",
                        help="remove the line of this sites file and --only; without --only, every line of the file")
    action.add_argument("--list", action="store_true", help="list the newsarchive lines of your crontab")
    p.add_argument("--crontab", metavar="COMMAND",
                   help=f"the crontab command (default: ${CRONTAB_ENV}, else crontab)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    sites = args.sites.absolute()
    try:
        if args.list:
            lines = [line for line in read_crontab(crontab_command(args.crontab)) if TAG in line]
            print("\n".join(lines) if lines else "no newsarchive line in your crontab")
            return 0
        if args.remove:
            removed = remove_entry(crontab_command(args.crontab), sites, args.only)
            which = f"{sites}" + (f" --only {args.only}" if args.only else "")
            print(f"removed {removed} line(s) of {which}" if removed else f"no line of {which} in your crontab")
            return 0
        load_sites(sites, args.only)
        archive = ArchiveLayout(args.archive_dir.absolute())
        line = cron_line(parse_duration(args.every), sites, args.only, archive, Path.cwd(),
                         newsarchive_executable())
        archive.create()
        archive.logs_dir.mkdir(exist_ok=True)
        if args.install:
            command = crontab_command(args.crontab)
            write_crontab(command, [*without_entry(read_crontab(command), sites, args.only), line])
            print(f"installed in your crontab:\n{line}")
        else:
            print(line)
        return 0
    except (SitesFileError, ValueError) as exc:  # a bad --every, sites file or archive folder
        log.error("%s", exc)
        return EXIT_USAGE
    except ScheduleError as exc:
        log.error("%s", exc)
        return EXIT_FAILED
