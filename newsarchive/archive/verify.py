"""Checking an archive end to end, and repairing what a crash leaves.

``verify_archive`` reads every WARC file to the end (digests checked; past
a damaged record it reads on at the next whole one), finds
``.open`` files no crawl holds any more, checks that each catalogue row
points at a record that is there and each article row at its JSON, that
every record and every JSON is catalogued, and that the CDXJ index lists the
captures of the closed files, and that the runs' JSON Lines files hold whole
lines.  With ``repair`` it cuts a crashed ``.open`` file after its last
whole record and closes it, removes unfinished temporary files and
uncatalogued article JSON that a power cut left unwhole, brings
the catalogue in line with the files, rebuilds the index and cuts a run's
JSON Lines file after its last whole line.  It refuses to repair while a
crawl writes to the archive.  Without ``repair`` it changes nothing: the
catalogue is opened read-only, so an archive on read-only storage can be
checked.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from .articles import article_version
from .atomic import TEMP_SUFFIX
from .catalog import Catalog
from .layout import ArchiveLayout
from .versions.compare import has_content_hash
from .warc.files import OPEN_SUFFIX, final_name, is_locked, warc_files
from .warc.index import build_index, cdxj_line, closed_warc_files, index_lock, read_index
from .warc.records import Capture
from .warc.recovery import close_crashed_file
from .warc.scan import scan_warc


@dataclass
class Problem:
    message: str
    repaired: bool = False


@dataclass
class Report:
    warc_files: int = 0
    records: int = 0
    in_use: list[str] = field(default_factory=list)
    captures: int = 0
    articles: int = 0
    index_lines: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def unresolved(self) -> list[Problem]:
        return [p for p in self.problems if not p.repaired]

    def add(self, message: str, repaired: bool = False) -> None:
        self.problems.append(Problem(message, repaired))

    def summary(self, root: Path) -> str:
        lines = [f"the archive in {root}:",
                 f"  WARC files: {self.warc_files}, records: {self.records}, each file read to its end, "
                 "digests checked",
                 f"  catalogue: {self.captures} captures, {self.articles} article versions; "
                 f"index: {self.index_lines} lines"]
        lines += [f"  in use by a running crawl, not checked: {name}" for name in self.in_use]
        for problem in self.problems:
            lines.append(f"  {'repaired' if problem.repaired else 'PROBLEM'}: {problem.message}")
        lines.append("  OK" if not self.unresolved else f"  {len(self.unresolved)} problem(s)")
        return "\n".join(lines)


def check_warc_files(layout: ArchiveLayout, report: Report, repair: bool) -> dict[str, Capture]:
    """The captures of every readable record, by record id."""
    captures: dict[str, Capture] = {}
    for path in warc_files(layout.warc_dir):
        try:
            if path.name.endswith(OPEN_SUFFIX) and is_locked(path):
                report.in_use.append(path.name)
                continue
            report.warc_files += 1
            scan = scan_warc(path)
        except OSError as exc:
            report.add(f"{path.name}: cannot read: {exc.strerror or exc}")
            continue
        report.records += len(scan.records)
        for problem in scan.digest_problems:
            report.add(f"digest mismatch: {problem}")
        if path.name.endswith(OPEN_SUFFIX):
            cut = f", cut after its last whole record at byte {scan.good_end}" if scan.error else ""
            if repair:
                close_crashed_file(path, scan.good_end)
            report.add(f"{path.name}: left open by a crawl that did not finish{cut}", repaired=repair)
        else:
            if scan.error:
                report.add(f"{path.name}: {scan.error}")
            if not scan.records or scan.records[0].record_type != "warcinfo":
                report.add(f"{path.name}: does not open with a warcinfo record")
        captures.update((c.record_id, c) for c in scan.captures)
    return captures


def check_captures(catalog: Catalog, on_disk: dict[str, Capture], in_use: set[str],
                   report: Report, repair: bool) -> None:
    catalogued = {c.record_id: c for c in catalog.captures() if c.warc_file not in in_use}
    report.captures = len(catalogued)
    wrong = [c for rid, c in catalogued.items() if on_disk.get(rid) != c]
    for capture in wrong:
        what = "does not match its record" if capture.record_id in on_disk else "points at no record"
        report.add(f"catalogue row of {capture.url} {what} ({capture.warc_file} offset {capture.offset})",
                   repaired=repair)
    uncatalogued = [c for rid, c in on_disk.items() if rid not in catalogued]
    for capture in uncatalogued:
        report.add(f"record of {capture.url} in {capture.warc_file} offset {capture.offset} "
                   "is not catalogued", repaired=repair)
    if repair:
        catalog.delete_captures([c.record_id for c in wrong])
        for capture in uncatalogued + [on_disk[c.record_id] for c in wrong if c.record_id in on_disk]:
            catalog.add_capture(capture)


def check_articles(layout: ArchiveLayout, catalog: Catalog, known_records: set[str],
                   report: Report, repair: bool) -> None:
    rows = catalog.articles()
    report.articles = len(rows)
    catalogued = {row["json_path"]: row for row in rows}
    gone = [row["json_path"] for row in rows if not (layout.root / row["json_path"]).is_file()]
    for json_path in gone:
        report.add(f"article JSON missing: {json_path}", repaired=repair)
    for row in rows:
        if row["capture_record_id"] and row["capture_record_id"] not in known_records:
            report.add(f"the capture of {row['json_path']} is not in any WARC file")
    files = sorted(layout.articles_dir.rglob("*")) if layout.articles_dir.is_dir() else []
    for path in files:
        relative = path.relative_to(layout.root).as_posix()
        if path.suffix == ".json" and not path.is_dir():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                if not isinstance(data, dict):
                    raise ValueError("not a JSON object")
                version = article_version(data, Path(relative))
            except OSError as exc:
                report.add(f"cannot read {relative}: {exc.strerror or exc}")
                continue
            except (ValueError, KeyError, TypeError) as exc:
                if relative in catalogued:
                    report.add(f"not a whole article JSON: {relative}: {exc}")
                else:  # left by a power cut before its sync: its row, never committed, is not there either
                    if repair:
                        path.unlink()
                    report.add(f"not a whole article JSON, not catalogued: {relative}: {exc}", repaired=repair)
                continue
            if relative not in catalogued:
                if repair:
                    catalog.add_article(version)
                report.add(f"article JSON not catalogued: {relative}", repaired=repair)
            elif not has_content_hash(data, catalogued[relative]["content_hash"]):
                report.add(f"article JSON changed since it was catalogued: {relative}")
    if repair:
        catalog.delete_articles(gone)


def check_temporary_files(layout: ArchiveLayout, report: Report, repair: bool) -> None:
    """The temporary files of atomic writes (JSON, index, a WARC file being
    created) a crash left."""
    for folder in (layout.articles_dir, layout.index_path.parent, layout.warc_dir):
        for path in sorted(folder.rglob(f".*{TEMP_SUFFIX}")) if folder.is_dir() else []:
            if repair:
                path.unlink()
            report.add(f"unfinished temporary file: {path.relative_to(layout.root).as_posix()}",
                       repaired=repair)


def check_index(layout: ArchiveLayout, catalog: Catalog, on_disk: dict[str, Capture], report: Report,
                repair: bool) -> None:
    expected = {cdxj_line(c) for c in on_disk.values()}
    try:
        indexed = set(read_index(layout.index_path))
    except (OSError, UnicodeDecodeError) as exc:
        report.add(f"index {layout.index_path.name} unreadable: {exc}", repaired=repair)
    else:
        report.index_lines = len(indexed)
        if indexed == expected:
            return
        report.add(f"index out of date: {len(expected - indexed)} capture(s) missing, "
                   f"{len(indexed - expected)} line(s) too many", repaired=repair)
    if repair:
        with index_lock(layout.index_path):
            report.index_lines = build_index(layout.index_path, on_disk.values())
            catalog.set_indexed_files(closed_warc_files(layout), replace=True)


def check_run_feeds(layout: ArchiveLayout, report: Report, repair: bool) -> None:
    """Each run's JSON Lines file holds whole lines; a crash may have cut the
    last one, which repair removes."""
    for path in sorted(layout.runs_dir.glob("*.jsonl")) if layout.runs_dir.is_dir() else []:
        try:
            data = path.read_bytes()
        except OSError as exc:
            report.add(f"cannot read {path.relative_to(layout.root)}: {exc.strerror or exc}")
            continue
        whole = data[:data.rfind(b"\n") + 1]
        for number, line in enumerate(whole.splitlines(), 1):
            try:
                json.loads(line)
            except ValueError:
                report.add(f"{path.relative_to(layout.root)} line {number} is not JSON")
        if len(whole) < len(data):
            if repair:
                with open(path, "r+b") as handle:
                    handle.truncate(len(whole))
                    os.fsync(handle.fileno())
            report.add(f"{path.relative_to(layout.root)}: last line cut by a crash", repaired=repair)


def verify_archive(layout: ArchiveLayout, repair: bool = False) -> Report:
    report = Report()
    if not layout.root.is_dir():
        report.add(f"no archive at {layout.root}")
        return report
    if repair and any(p.name.endswith(OPEN_SUFFIX) and is_locked(p) for p in warc_files(layout.warc_dir)):
        report.add("a crawl is writing to this archive: repair it once the crawl has stopped")
        return report
    on_disk = check_warc_files(layout, report, repair)
    in_use = {final_name(Path(name)) for name in report.in_use}
    if not repair and not layout.catalog_path.is_file():
        report.add(f"no catalogue: {layout.catalog_path.name} is missing (--repair makes one from the files)")
        return report
    with Catalog(layout.catalog_path, read_only=not repair) as catalog:
        check_captures(catalog, on_disk, in_use, report, repair)
        being_written = {c.record_id for c in catalog.captures() if c.warc_file in in_use}
        check_articles(layout, catalog, set(on_disk) | being_written, report, repair)
        check_index(layout, catalog, {rid: c for rid, c in on_disk.items() if c.warc_file not in in_use},
                    report, repair)
    check_temporary_files(layout, report, repair)
    check_run_feeds(layout, report, repair)
    return report
