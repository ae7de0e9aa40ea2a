"""The package's layout keeps its promises: the archive knows nothing of
Scrapy, the command line alone parses arguments, one archive is shared by
every part of a crawl, the optional shared runs are imported by nothing but
the command line, and the dotted paths of 0.1 still load."""
import re
import warnings
from pathlib import Path

import pytest
from scrapy.utils.misc import load_object
from scrapy.utils.test import get_crawler

import newsarchive.archive.storage as storage_module
from newsarchive import settings as project
from newsarchive.distributed.domainlimit import SharedDomainLimitMiddleware
from newsarchive.extensions import ArchiveSession
from newsarchive.middlewares.errbacks import FetchErrbackMiddleware, PageFailureMiddleware
from newsarchive.middlewares.offsite import SiteOffsiteMiddleware
from newsarchive.middlewares.revisits import RevisitPolicyMiddleware
from newsarchive.middlewares.warc import WarcCaptureMiddleware
from newsarchive.pipelines.age import MaxAgePipeline
from newsarchive.pipelines.images import FetchImagesPipeline
from newsarchive.pipelines.store import StoreArticlePipeline
from newsarchive.spiders.site import SiteSpider

PACKAGE = Path(__file__).resolve().parents[1] / "newsarchive"
IMPORT = re.compile(r"^\s*(?:from|import)\s+([\w.]+)", re.M)


def imports_of(folder: Path) -> dict[str, set[str]]:
    return {path.relative_to(PACKAGE).as_posix(): set(IMPORT.findall(path.read_text(encoding="utf-8")))
            for path in folder.rglob("*.py")}


def test_the_archive_imports_neither_scrapy_nor_twisted():
    found = {name: {m for m in modules if m.split(".")[0] in ("scrapy", "twisted")}
             for name, modules in imports_of(PACKAGE / "archive").items()}
    assert {name: modules for name, modules in found.items() if modules} == {}


def test_only_the_command_line_parses_arguments():
    outside = [name for name, modules in imports_of(PACKAGE).items()
               if "argparse" in modules and not name.startswith("cli/")]
    assert outside == []


def test_only_the_command_line_imports_the_shared_runs():
    """``distributed/`` needs the ``distributed`` extra: a crawl without it
    must not import it (the command line does, lazily: ``cli.common.distributed_modules``)."""
    outside = {name: {m for m in modules if "distributed" in m.split(".")}
               for name, modules in imports_of(PACKAGE).items() if not name.startswith("distributed/")}
    assert {name: modules for name, modules in outside.items() if modules} == {}


def project_crawler(tmp_path, **settings):
    """A crawler with the project's components, its archive in ``tmp_path``."""
    names = ("EXTENSIONS", "DOWNLOADER_MIDDLEWARES", "SPIDER_MIDDLEWARES", "ITEM_PIPELINES")
    values = {name: getattr(project, name) for name in dir(project)
              if name.isupper() and name != "TWISTED_REACTOR"}
    crawler = get_crawler(SiteSpider, {**values, "ARCHIVE_DIR": str(tmp_path), **settings})
    assert all(crawler.settings.getdict(name) for name in names)
    crawler.engine = crawler._create_engine()
    return crawler


def test_one_archive_storage_and_one_catalogue_serve_every_part_of_a_crawl(tmp_path, monkeypatch):
    opened = []
    catalog_class = storage_module.Catalog
    monkeypatch.setattr(storage_module, "Catalog",
                        lambda path, **options: opened.append(path) or catalog_class(path, **options))
    crawler = project_crawler(tmp_path, INCREMENTAL=True)
    storage = crawler.get_extension(ArchiveSession).storage
    assert crawler.get_downloader_middleware(WarcCaptureMiddleware).storage is storage
    assert crawler.get_downloader_middleware(RevisitPolicyMiddleware).storage is storage
    assert crawler.get_item_pipeline(MaxAgePipeline).storage is storage
    assert crawler.get_item_pipeline(StoreArticlePipeline).storage is storage
    assert opened == [tmp_path / "catalog.sqlite"]
    assert crawler.get_downloader_middleware(SiteOffsiteMiddleware) is not None
    assert crawler.get_spider_middleware(FetchErrbackMiddleware) is not None
    assert crawler.get_spider_middleware(PageFailureMiddleware) is not None
    assert crawler.get_item_pipeline(FetchImagesPipeline) is not None
    storage.catalog.close()


def test_with_the_archive_off_a_crawl_keeps_no_archive_and_still_gives_articles(tmp_path):
    crawler = project_crawler(tmp_path, ARCHIVE_ENABLED=False)
    assert crawler.get_extension(ArchiveSession) is None
    assert crawler.get_downloader_middleware(WarcCaptureMiddleware) is None
    assert crawler.get_item_pipeline(StoreArticlePipeline).storage is None  # it still emits the Article
    assert not (tmp_path / "catalog.sqlite").exists()


@pytest.mark.parametrize("old, new", [
    ("newsarchive.archive.middleware.WarcCaptureMiddleware", WarcCaptureMiddleware),
    ("newsarchive.archive.incremental.RevisitPolicyMiddleware", RevisitPolicyMiddleware),
    ("newsarchive.offsite.SiteOffsiteMiddleware", SiteOffsiteMiddleware),
    ("newsarchive.spidermiddlewares.FetchErrbackMiddleware", FetchErrbackMiddleware),
    ("newsarchive.spidermiddlewares.PageFailureMiddleware", PageFailureMiddleware),
    ("newsarchive.pipelines.store.FetchImagesPipeline", FetchImagesPipeline),
    ("newsarchive.middlewares.domainlimit.SharedDomainLimitMiddleware", SharedDomainLimitMiddleware),
])
def test_the_dotted_paths_of_0_1_load_the_component_with_a_deprecation_warning(old, new):
    with pytest.warns(DeprecationWarning, match=re.escape(old)):
        assert load_object(old) is new


def test_the_feed_uri_params_of_0_1_still_load():
    with pytest.warns(DeprecationWarning, match="newsarchive.exporters.feed_uri_params"):
        params = load_object("newsarchive.archive.layout.feed_uri_params")
    assert params is load_object(project.FEEDS[next(iter(project.FEEDS))]["uri_params"])


def test_the_project_settings_name_no_deprecated_path():
    paths = [path for name in ("EXTENSIONS", "DOWNLOADER_MIDDLEWARES", "SPIDER_MIDDLEWARES", "ITEM_PIPELINES")
             for path, order in getattr(project, name).items() if order is not None and path.startswith("newsarchive.")]
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        assert all(load_object(path) for path in paths)
