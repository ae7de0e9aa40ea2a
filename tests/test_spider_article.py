import pytest
from scrapy.exceptions import UsageError

from newsarchive.spiders.article import ArticleSpider


def test_urls_from_argument_and_file(tmp_path):
    listing = tmp_path / "urls.txt"
    listing.write_text("# my list\nhttp://a.test/1\n\n  https://b.test/2  \n", encoding="utf-8")
    spider = ArticleSpider(url="http://c.test/3,http://c.test/4", urls_file=str(listing))
    assert spider.urls == ["http://c.test/3", "http://c.test/4", "http://a.test/1", "https://b.test/2"]


@pytest.mark.parametrize("kwargs, message", [
    ({}, "give the pages to fetch"),
    ({"url": "ftp://x.test/file"}, "not an http"),
    ({"urls_file": "/nonexistent/urls.txt"}, "cannot read urls_file"),
])
def test_bad_arguments_give_a_clear_error(kwargs, message):
    with pytest.raises(UsageError, match=message):
        ArticleSpider(**kwargs)
