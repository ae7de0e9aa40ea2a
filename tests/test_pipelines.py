"""The crawl's item pipelines run the same extraction as ``extract_article``."""
import asyncio
import gc
import logging

import pytest
from scrapy import Spider
from scrapy.exceptions import DropItem
from scrapy.utils.misc import load_object
from scrapy.utils.project import get_project_settings
from scrapy.utils.test import get_crawler

from newsarchive.extraction import STEPS, extract_article, gather_evidence
from newsarchive.items import Article, Draft, Page
import newsarchive.pipelines.extract_worker as extract_module
from newsarchive.pipelines.extract import ExtractArticlePipeline, PageDropped
from newsarchive.pipelines.store import StoreArticlePipeline

PAGE = """<html lang="en"><head><title>Rain returns | The Daily Test</title>
<meta property="og:title" content="Rain returns"></head>
<body><article><h1>Rain returns</h1>
<p>After a dry month the rain came back to the valley on Tuesday, filling the reservoirs.</p>
<p>Farmers welcomed the change, which forecasters expect to last into next week.</p>
</article></body></html>"""
URL = "http://news.test/2024/rain-returns"


def through_pipelines(item):
    """The item as the extraction pipeline, then the store pipeline of a
    crawl without an archive, leave it."""
    crawler = get_crawler(Spider, {"ARCHIVE_ENABLED": False})
    for pipeline in (ExtractArticlePipeline(), StoreArticlePipeline.from_crawler(crawler)):
        item = pipeline.process_item(item)
    return item


def test_the_extraction_pipeline_runs_every_step_and_the_last_pipeline_emits_the_article():
    item = through_pipelines(Draft(article=Article(url=URL), evidence=gather_evidence(PAGE, URL)))
    assert isinstance(item, Article)
    assert item == extract_article(PAGE, URL)
    assert item.headline == "Rain returns"


def test_the_project_runs_one_extraction_pipeline_first():
    pipelines = get_project_settings().getdict("ITEM_PIPELINES")
    first = min(pipelines, key=pipelines.get)
    assert load_object(first) is ExtractArticlePipeline
    assert not any(path.startswith("newsarchive.pipelines.extract.") and load_object(path) is not ExtractArticlePipeline
                   for path in pipelines)


def test_a_page_that_is_not_an_article_is_dropped_with_its_reason():
    page = "<html><body><nav><a href='/a'>A</a></nav></body></html>"
    item = Draft(article=Article(url=URL), evidence=gather_evidence(page, URL))
    with pytest.raises(DropItem, match="not an article: " + URL):
        through_pipelines(item)


def test_other_items_pass_through():
    other = {"kind": "not a draft"}
    assert ExtractArticlePipeline().process_item(other) is other


def test_a_step_that_fails_on_a_page_drops_it_with_the_reason_as_an_error(caplog, monkeypatch):
    def broken_step(article, evidence):
        raise TypeError("'int' object is not iterable")

    monkeypatch.setattr(extract_module, "STEPS", (STEPS[0], broken_step))
    item = Draft(article=Article(url=URL), evidence=gather_evidence(PAGE, URL))
    with caplog.at_level("DEBUG"), pytest.raises(PageDropped) as dropped:
        ExtractArticlePipeline().process_item(item)
    assert str(dropped.value) == f"extraction failed: {URL}: broken_step: TypeError: 'int' object is not iterable"
    assert dropped.value.reason == "extraction failed: broken_step: TypeError: 'int' object is not iterable"
    assert dropped.value.log_level == "ERROR"
    assert "Traceback" in caplog.text  # for whoever debugs it, at DEBUG level


def test_settings_that_name_the_one_step_pipelines_of_0_1_still_give_the_article():
    """Settings written for 0.1 name nine pipelines, one extraction step each:
    they load, with a deprecation warning, and give the same article."""
    old = ["IdentityPipeline", "HeadlinePipeline", "MetadataPipeline", "AuthorsPipeline", "DatesPipeline",
           "BodyPipeline", "DatelinePipeline", "ImagesPipeline", "SelectorsPipeline", "ArticleCheckPipeline"]
    with pytest.warns(DeprecationWarning, match="ExtractArticlePipeline"):
        pipelines = [load_object(f"newsarchive.pipelines.extract.{name}")() for name in old]
    item = Draft(article=Article(url=URL), evidence=gather_evidence(PAGE, URL))
    for pipeline in pipelines:
        item = pipeline.process_item(item)
    assert through_pipelines(item) == extract_article(PAGE, URL)


def test_the_log_names_a_dropped_page_by_its_reason_not_its_contents():
    crawler = get_crawler(Spider, {"LOG_FORMATTER": get_project_settings()["LOG_FORMATTER"]})
    crawler.spider = Spider("s")
    crawler.spider.crawler = crawler
    formatter = load_object(crawler.settings["LOG_FORMATTER"]).from_crawler(crawler)
    item = Draft(article=Article(url=URL, body="x" * 100_000), evidence=gather_evidence(PAGE, URL))
    entry = formatter.dropped(item, PageDropped(URL, "not an article", "listing page: root URL"), None, crawler.spider)
    assert entry["msg"] % entry["args"] == f"Dropped: not an article: {URL}: listing page: root URL"
    assert entry["level"] == logging.WARNING
    entry = formatter.item_error(item, OSError(28, "No space left on device"), None, crawler.spider)
    assert entry["msg"] % entry["args"] == f"Error processing {URL}: OSError: [Errno 28] No space left on device"


def test_in_a_pool_of_processes_the_extraction_gives_the_same_article_and_its_log(caplog):
    pipeline = ExtractArticlePipeline(processes=1)

    async def extract_both():
        good = Draft(article=Article(url=URL), page=Page(url=URL, body=PAGE.encode(), content_type="text/html"))
        empty = Draft(article=Article(url=URL + "/empty"), page=Page(url=URL + "/empty", body=b""))
        done = await pipeline.process_item(good)
        with pytest.raises(PageDropped) as dropped:
            await pipeline.process_item(empty)
        return done, dropped.value

    try:
        with caplog.at_level("INFO"):
            done, dropped = asyncio.run(extract_both())
        # what the process loaded on starting is out of the garbage collector's reach
        assert pipeline.pool is not None and pipeline.pool.submit(gc.get_freeze_count).result() > 10_000
        assert pipeline.pool.submit(gc.get_threshold).result()[0] == extract_module.YOUNG_COLLECTION
    finally:
        pipeline.spider_closed()
    assert done.article == extract_article(PAGE, URL) and done.evidence is None
    assert dropped.reason == "skipped: empty page" and dropped.log_level == "DEBUG"
    assert f"skipped {URL}/empty: empty page" in caplog.text  # logged in the extraction process, logged here


def test_an_extraction_leaves_no_cycles_so_the_page_is_freed_at_once():
    """The extraction process collects garbage seldom (``YOUNG_COLLECTION``):
    a page whose tree stayed in a reference cycle would stay in memory."""
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)  # what a collection finds is kept in gc.garbage, to be read
    try:
        for page in (PAGE, PAGE.replace("<h1>", "<h1><span class=kicker>Weather</span><br>"), "<p>no article</p>"):
            extract_module.extract_in_worker(Article(url=URL), Page(url=URL, body=page.encode(), content_type="text/html"))
        gc.collect()
        kept = [o for o in gc.garbage if type(o).__module__.startswith(("lxml", "newsarchive"))
                or getattr(getattr(o, "__code__", None), "co_filename", "").find("newsarchive") >= 0]
        assert kept == []
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()


def test_the_extraction_processes_are_replaced_after_their_pages_never_two_pools_at_once(monkeypatch):
    import newsarchive.pipelines.extract as pipeline_module

    pools = []

    class CountedPool(pipeline_module.ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            assert all(pool.closed for pool in pools), "a pool started while another ran"
            super().__init__(*args, **kwargs)
            self.closed = False
            pools.append(self)

        def shutdown(self, *args, **kwargs):
            super().shutdown(*args, **kwargs)
            self.closed = True

    monkeypatch.setattr(pipeline_module, "ProcessPoolExecutor", CountedPool)
    pipeline = ExtractArticlePipeline(processes=1, pages_per_pool=2)

    async def extract_five_at_once():
        drafts = [Draft(article=Article(url=f"{URL}-{n}"),
                        page=Page(url=f"{URL}-{n}", body=PAGE.encode(), content_type="text/html")) for n in range(5)]
        return await asyncio.gather(*(pipeline.process_item(d) for d in drafts))

    try:
        done = asyncio.run(extract_five_at_once())
    finally:
        pipeline.spider_closed()
    assert [d.article.headline for d in done] == ["Rain returns"] * 5
    assert len(pools) == 3  # pages 1-2, 3-4, 5: a pool replaced after two


@pytest.mark.parametrize("value, pages", [("0", 0), ("", 0), ("2000", 2000)])
def test_pages_per_pool_is_read_from_its_setting(value, pages):
    from newsarchive.pipelines.extract import pages_per_pool

    assert pages_per_pool(value) == pages
    with pytest.raises(ValueError, match="expected a number of pages"):
        pages_per_pool("-3")
