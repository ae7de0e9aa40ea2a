"""Checking an archive end to end, and repairing what a crash leaves.

``verify_archive`` reads every WARC file to the end (digests checked; past
a damaged record it reads on at the next whole one), finds
``.open`` files no crawl holds any more, checks that the catalogue can be
used, that each catalogue row points at a record that is there and each
article row at its JSON, that every record and every JSON is catalogued,
and that the CDXJ index lists the captures of the closed files, and that
the runs' JSON Lines files hold whole lines and reference every article
stored during their run (``check_run_references``).  With ``repair`` it
cuts a crashed ``.open`` file after its last whole record and closes it,
removes unfinished temporary files and uncatalogued article JSON that a
power cut left unwhole, brings the catalogue in line with the files
(article versions it lacks in the order they were fetched, the search
index made anew), rebuilds the index, cuts a run's JSON Lines file after
its last whole line and appends the references it lacks.  A catalogue that
is missing or damaged (``catalog.CatalogDamaged``) is built anew from the
files, which hold everything it holds: the captures from the WARC files,
the article versions from their JSON, the damaged one kept aside.  It
refuses to repair while a crawl writes to the archive.  Without ``repair``
it changes nothing: the catalogue is opened read-only, so an archive on
read-only storage can be checked.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path

from .articles import article_reference, article_version, fetch_order, is_reextraction, rebuild_search_index
from .atomic import TEMP_SUFFIX
from .catalog import ArticleVersion, Catalog, CatalogDamaged, move_aside
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
    #: The catalogue was built anew from the files: its rows, each one
    #: uncatalogued before, are not each a problem.
    rebuilt: bool = False

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
    report.captures = len(on_disk) if repair else len(catalogued)
    wrong = [c for rid, c in catalogued.items() if on_disk.get(rid) != c]
    for capture in wrong:
        what = "does not match its record" if capture.record_id in on_disk else "points at no record"
        report.add(f"catalogue row of {capture.url} {what} ({capture.warc_file} offset {capture.offset})",
                   repaired=repair)
    uncatalogued = [c for rid, c in on_disk.items() if rid not in catalogued]
    for capture in uncatalogued if not report.rebuilt else []:
        report.add(f"record of {capture.url} in {capture.warc_file} offset {capture.offset} "
                   "is not catalogued", repaired=repair)
    if repair:
        catalog.delete_captures([c.record_id for c in wrong])
        catalog.add_captures(uncatalogued + [on_disk[c.record_id] for c in wrong if c.record_id in on_disk])


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
    uncatalogued: list[tuple[tuple[str, str], str, ArticleVersion]] = []
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
                uncatalogued.append((fetch_order(data), relative, replace(version, text=None)))
                if not report.rebuilt:
                    report.add(f"article JSON not catalogued: {relative}", repaired=repair)
            elif not has_content_hash(data, catalogued[relative]["content_hash"]):
                report.add(f"article JSON changed since it was catalogued: {relative}")
    if repair:
        report.articles += len(uncatalogued) - len(gone)
        catalog.delete_articles(gone)
        # in the order they were fetched, so that each links to the version before it
        catalog.add_articles([version for _, _, version in sorted(uncatalogued)])
        if gone or uncatalogued:
            rebuild_search_index(layout, catalog)


def check_temporary_files(layout: ArchiveLayout, report: Report, repair: bool) -> None:
    """The temporary files of atomic writes (JSON, index, a WARC file being
    created) a crash left."""
    for folder in (layout.articles_dir, layout.index_path.parent, layout.warc_dir):
        for path in sorted(folder.rglob(f".*{TEMP_SUFFIX}")) if folder.is_dir() else []:
            if repair:
                path.unlink()
            report.add(f"unfinished temporary file: {path.relative_to(layout.root).as_posix()}",
                       repaired=repair)


def check_index(layout: ArchiveLayout, catalog: Catalog | None, on_disk: dict[str, Capture], report: Report,
                repair: bool) -> None:
    """The index lists the captures of the closed files (``on_disk``);
    repair (with the catalogue) rebuilds it and records every closed file
    as indexed."""
    expected = {cdxj_line(c) for c in on_disk.values()}
    try:
        indexed = set(read_index(layout.index_path))
    except (OSError, UnicodeDecodeError) as exc:
        report.add(f"index {layout.index_path.name} unreadable: {exc}", repaired=repair)
    else:
        report.index_lines = len(indexed)
        if indexed != expected:
            report.add(f"index out of date: {len(expected - indexed)} capture(s) missing, "
                       f"{len(indexed - expected)} line(s) too many", repaired=repair)
        elif repair and catalog is not None:
            catalog.set_indexed_files(closed_warc_files(layout), replace=True)
            return
    if repair and catalog is not None:
        with index_lock(layout.index_path):
            report.index_lines = build_index(layout.index_path, on_disk.values())
            catalog.set_indexed_files(closed_warc_files(layout), replace=True)


#: The start time in the name of a run's JSON Lines file (``FEEDS``:
#: ``%(name)s-%(time)s.jsonl``, Scrapy's ``2024-05-02T10-00-00+00-00``, UTC).
_FEED_TIME = re.compile(r"-(\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d)(?:\+00-00)?\.jsonl$")


@dataclass
class RunFeed:
    """A run's JSON Lines file: when its run started (from its name; the
    earliest time if it names none), the WARC files its lines name and the
    captures they reference."""

    path: Path
    started: datetime
    warc_files: set[str] = field(default_factory=set)
    record_ids: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, path: Path) -> "RunFeed":
        match = _FEED_TIME.search(path.name)
        started = datetime.strptime(match.group(1), "%Y-%m-%dT%H-%M-%S") if match else datetime.min
        return cls(path, started.replace(tzinfo=timezone.utc))

    def add(self, line: object) -> None:
        capture = line.get("capture") if isinstance(line, dict) else None
        if isinstance(capture, dict):
            self.warc_files.add(str(capture.get("warc_file")))
            self.record_ids.add(str(capture.get("record_id")))


def check_run_feeds(layout: ArchiveLayout, report: Report, repair: bool) -> list[RunFeed]:
    """Each run's JSON Lines file holds whole lines; a crash may have cut the
    last one, which repair removes.  The files, with what their lines reference."""
    feeds = []
    for path in sorted(layout.runs_dir.glob("*.jsonl")) if layout.runs_dir.is_dir() else []:
        try:
            data = path.read_bytes()
        except OSError as exc:
            report.add(f"cannot read {path.relative_to(layout.root)}: {exc.strerror or exc}")
            continue
        feed = RunFeed.of(path)
        whole = data[:data.rfind(b"\n") + 1]
        for number, line in enumerate(whole.splitlines(), 1):
            try:
                feed.add(json.loads(line))
            except ValueError:
                report.add(f"{path.relative_to(layout.root)} line {number} is not JSON")
        if len(whole) < len(data):
            if repair:
                with open(path, "r+b") as handle:
                    handle.truncate(len(whole))
                    os.fsync(handle.fileno())
            report.add(f"{path.relative_to(layout.root)}: last line cut by a crash", repaired=repair)
        feeds.append(feed)
    return feeds


def _fetched(value: str | None) -> datetime | None:
    try:
        moment = datetime.fromisoformat(value or "")
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def check_run_references(layout: ArchiveLayout, catalog: Catalog, feeds: list[RunFeed], in_use: set[str],
                         report: Report, repair: bool) -> None:
    """Each run's JSON Lines references every article version stored during
    the run (new articles and new versions): a kill may have stopped the
    crawl between storing an article and writing its line.  Repair appends
    the references missing, as the crawl writes them (``REFERENCE_FIELDS``).

    Which run stored a version: a crawl writes WARC files of its own, and
    each line of its JSON Lines names the WARC file of its article's page
    (``capture``).  So a version belongs to the run whose JSON Lines names
    the WARC file of its page and that started before it was fetched (the
    time in the file's name; the latest such run, should two name the file:
    a crawl replaying the archive names the files it read).  Versions
    extracted again from the archive belong to no run; a version whose
    WARC file no run's JSON Lines names is left alone: a crawl that writes
    no runs' JSON Lines (``scrapy crawl -O``, which replaces ``FEEDS``) or
    a run killed before its first line (or before the first line of a WARC
    file it had just begun) leaves nothing that tells which run it was.
    Versions of a WARC file a running crawl writes are not checked yet."""
    by_file: dict[str, list[RunFeed]] = {}
    for feed in feeds:
        for name in feed.warc_files:
            by_file.setdefault(name, []).append(feed)
    missing: dict[Path, list[str]] = {}
    for row in catalog.versions_with_warc_file():
        fetched = _fetched(row["fetched_at"])
        if fetched is None or is_reextraction(row["json_path"]) or row["warc_file"] in in_use:
            continue
        run = max((feed for feed in by_file.get(row["warc_file"], ()) if feed.started <= fetched),
                  key=lambda feed: feed.started, default=None)
        if run is not None and row["capture_record_id"] not in run.record_ids:
            missing.setdefault(run.path, []).append(row["json_path"])
    for path, json_paths in missing.items():
        name = path.relative_to(layout.root).as_posix()
        if repair:
            append_references(layout, path, json_paths, report)
        report.add(f"{name}: {len(json_paths)} article version(s) stored during its run not referenced in it",
                   repaired=repair)


def append_references(layout: ArchiveLayout, path: Path, json_paths: list[str], report: Report) -> None:
    """Append to a run's JSON Lines the references to these article versions."""
    lines = []
    for json_path in json_paths:
        try:
            article = json.loads((layout.root / json_path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            report.add(f"cannot reference {json_path} in {path.name}: {getattr(exc, 'strerror', None) or exc}")
            continue
        lines.append(json.dumps(article_reference(article), ensure_ascii=False) + "\n")
    with open(path, "ab") as handle:
        handle.write("".join(lines).encode("utf-8"))
        handle.flush()
        os.fsync(handle.fileno())


def open_catalog(layout: ArchiveLayout, report: Report, repair: bool) -> Catalog | None:
    """The catalogue, read-only to check it; to repair it, one built anew
    where it is missing or damaged (the damaged one kept aside), which the
    checks then fill from the files.  ``None`` when there is none to check."""
    path = layout.catalog_path
    if not path.is_file():
        report.add(f"no catalogue: {path.name} is missing" + (
            ", a new one is built from the WARC files and the article JSON" if repair else
            " (--repair builds one from the WARC files and the article JSON)"), repaired=repair)
    else:
        try:
            return Catalog(path, read_only=not repair, whole=True)
        except CatalogDamaged as exc:
            if not repair:
                report.add(f"catalogue {path.name} {exc}")
                return None
            aside = move_aside(path)
            report.add(f"catalogue {path.name} damaged: {exc.reason}; kept as {aside.name}, a new one is built "
                       "from the WARC files and the article JSON", repaired=True)
    if not repair:
        return None
    report.rebuilt = True
    return Catalog(path)


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
    closed = {rid: c for rid, c in on_disk.items() if c.warc_file not in in_use}
    feeds = check_run_feeds(layout, report, repair)
    catalog = open_catalog(layout, report, repair)
    if catalog is None:
        check_index(layout, None, closed, report, repair)
    else:
        with catalog:
            check_captures(catalog, on_disk, in_use, report, repair)
            being_written = {c.record_id for c in catalog.captures() if c.warc_file in in_use}
            check_articles(layout, catalog, set(on_disk) | being_written, report, repair)
            check_index(layout, catalog, closed, report, repair)
            check_run_references(layout, catalog, feeds, in_use, report, repair)
    check_temporary_files(layout, report, repair)
    return report
