"""What ``make demo`` tells about the archive."""
import os

from newsarchive.archive.catalog import Catalog
from newsarchive.archive.layout import ArchiveLayout
from newsarchive.cli.demo import archive_summary, newsarchive_command
from test_catalog import capture, version


def test_summary_counts_and_says_how_to_look(tmp_path):
    layout = ArchiveLayout(tmp_path / "archive")
    catalog = Catalog(layout.catalog_path)
    catalog.add_capture(capture())
    catalog.add_article(version())
    catalog.close()
    layout.warc_dir.mkdir()
    (layout.warc_dir / "a.warc.gz").write_bytes(b"")
    text = archive_summary(layout)
    assert "1 WARC file(s)" in text and "(1 captures)" in text and "1 article version(s)" in text
    assert f"{newsarchive_command()} serve --archive-dir {layout.root}" in text
    assert f"{newsarchive_command()} verify" in text and f"make replay ARCHIVE_DIR={layout.root.resolve()}" in text


def test_the_command_is_the_one_that_runs_here(monkeypatch):
    """Off the PATH, the command is named by its path in the virtualenv."""
    monkeypatch.setenv("PATH", "/nonexistent")
    command = newsarchive_command()
    assert command.endswith("bin/newsarchive") and os.access(command, os.X_OK)
