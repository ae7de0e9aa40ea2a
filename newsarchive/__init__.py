"""newsarchive: a news scraper and web archiver built on Scrapy."""

__version__ = "0.1.0"
