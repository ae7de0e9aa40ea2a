"""Shared fixtures: the demo news site, served once for the whole session."""
import pytest

from newsarchive.demo.server import running_demo_site


@pytest.fixture(scope="session")
def demo_site() -> str:
    """The origin (``http://127.0.0.1:PORT``) of the demo site, served on a
    free loopback port in a background thread."""
    with running_demo_site() as origin:
        yield origin


@pytest.fixture(scope="session")
def demo_archive(demo_site, tmp_path_factory):
    """An archive of the whole demo site, crawled as ``newsarchive demo``
    crawls it (from its robots.txt, with the ``sitemap`` spider); tests
    that change it work on a copy (``copy_of``)."""
    from archive_site import run_crawl, sitemap_command
    from newsarchive.archive.layout import ArchiveLayout

    layout = ArchiveLayout(tmp_path_factory.mktemp("demo-archive") / "archive")
    run_crawl(sitemap_command(demo_site, layout.root))
    return layout
