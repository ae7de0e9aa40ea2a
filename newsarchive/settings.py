"""Scrapy settings for newsarchive.

Every project setting is documented here with its default; override them on
the command line (``scrapy crawl article -s NAME=VALUE``) or in a
``settings`` section of your own.
"""
from . import __version__

BOT_NAME = "newsarchive"
SPIDER_MODULES = ["newsarchive.spiders"]
NEWSPIDER_MODULE = "newsarchive.spiders"

#: Say who you are: publishers block anonymous bots.  Put a contact address here.
USER_AGENT = f"newsarchive/{__version__} (+https://github.com/newsarchive/newsarchive)"

ROBOTSTXT_OBEY = True

# Be polite: AutoThrottle adapts the delay to the server's response times.
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_TIMEOUT = 30
RETRY_TIMES = 2

#: Pages larger than this are not downloaded (bytes); the log says so.
DOWNLOAD_MAXSIZE = 32 * 1024 * 1024

# Each pipeline fills one group of fields of the article from the evidence
# the spider gathered; the last one drops pages that are not articles.
ITEM_PIPELINES = {
    "newsarchive.pipelines.extract.IdentityPipeline": 100,
    "newsarchive.pipelines.extract.HeadlinePipeline": 110,
    "newsarchive.pipelines.extract.MetadataPipeline": 120,
    "newsarchive.pipelines.extract.AuthorsPipeline": 130,
    "newsarchive.pipelines.extract.DatesPipeline": 140,
    "newsarchive.pipelines.extract.BodyPipeline": 150,
    "newsarchive.pipelines.extract.ImagesPipeline": 160,
    "newsarchive.pipelines.extract.ArticleCheckPipeline": 190,
}

REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
