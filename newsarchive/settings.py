"""Scrapy settings for newsarchive.

Every project setting is documented here with its default; override them on
the command line (``scrapy crawl article -s NAME=VALUE``) or in a
``settings`` section of your own.
"""
from . import __version__
from .archive.layout import archive_dir_from_environment
from .sites import DEFAULT_REVISITS

BOT_NAME = "newsarchive"
SPIDER_MODULES = ["newsarchive.spiders"]
NEWSPIDER_MODULE = "newsarchive.spiders"

#: Say who you are: publishers block bots they cannot reach.  Add your
#: contact, an e-mail address or a URL: "newsarchive/0.1 (you@example.org)".
#: Without one (the default) each crawl starts with a warning (ContactCheck).
USER_AGENT = f"newsarchive/{__version__}"

ROBOTSTXT_OBEY = True

EXTENSIONS = {
    "newsarchive.extensions.ContactCheck": 0,  # warns when USER_AGENT has no contact
}

# Be polite: AutoThrottle adapts the delay to the server's response times.
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
CONCURRENT_REQUESTS = 16
#: At most this many requests at once to one site (AutoThrottle aims at
#: AUTOTHROTTLE_TARGET_CONCURRENCY); every spider, the ``site`` spider's
#: several sites included, goes through these limits and robots.txt.
CONCURRENT_REQUESTS_PER_DOMAIN = 4
#: Scrapy's downloader, but keeping CONCURRENT_REQUESTS_PER_DOMAIN, which
#: Scrapy 2.14 and later overshoot under the asyncio reactor (see newsarchive/downloader.py).
DOWNLOADER = "newsarchive.downloader.SlotLimitedDownloader"
DOWNLOAD_TIMEOUT = 30
RETRY_TIMES = 2

#: Ask only for the content encodings every replay tool decodes.  The body
#: is archived as it comes on the wire, still encoded, and pywb and warcio
#: cannot decode zstd (nor br without an optional package), which Scrapy
#: would otherwise offer whenever a zstd library is installed.
DEFAULT_REQUEST_HEADERS = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "en",
    "Accept-Encoding": "gzip, deflate",
}

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
    "newsarchive.pipelines.extract.DatelinePipeline": 155,
    "newsarchive.pipelines.extract.ImagesPipeline": 160,
    "newsarchive.pipelines.extract.SelectorsPipeline": 170,  # per-site overrides, sites file
    "newsarchive.pipelines.age.MaxAgePipeline": 175,  # a site's max_age, on the published date of new articles
    "newsarchive.pipelines.extract.ArticleCheckPipeline": 190,
}

#: A page that fails never stops a crawl nor prints a traceback: a request
#: that fails is logged by its spider's errback (``fetch_failed``), given to
#: every request made without one; an exception that escapes a spider on
#: one page drops that page with one error line (newsarchive/spidermiddlewares.py).
SPIDER_MIDDLEWARES = {
    "newsarchive.spidermiddlewares.FetchErrbackMiddleware": 950,
    "newsarchive.spidermiddlewares.PageFailureMiddleware": 10,  # the engine end: the last resort
}
#: Log dropped items and item errors by their reason and URL, never the whole
#: item (Scrapy's default prints it: megabytes for a large page); Scrapy
#: still adds the traceback of an item error (newsarchive/logformatter.py).
LOG_FORMATTER = "newsarchive.logformatter.PageLogFormatter"

REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"


# -- Archive ----------------------------------------------------------------
# Every response is written to WARC files, every article as clean JSON, both
# tied together by a catalogue; see newsarchive/archive/layout.py for the layout.

#: The folder of the archive (WARC, JSON, catalogue, indexes); the environment
#: variable ARCHIVE_DIR sets it too.  Default: ./archive
ARCHIVE_DIR = archive_dir_from_environment()
#: Fetch and archive the pictures of each article, every rendition the page
#: offers (src, srcset, <picture> sources), so a replay shows them.
ARCHIVE_IMAGES = True
#: Write every response, with its request, to WARC files in ARCHIVE_DIR/warc.
WARC_ENABLED = True
#: The first part of the WARC file names.
WARC_PREFIX = "newsarchive"
#: A WARC file is closed, and the next one started, once it reaches this size (bytes).
WARC_MAX_SIZE = 1_000_000_000
#: Who runs the crawl (name and contact), written into each WARC file's warcinfo.
WARC_OPERATOR = ""

DOWNLOADER_MIDDLEWARES = {
    # above HttpCompressionMiddleware (590): sees the body still content-encoded
    "newsarchive.archive.middleware.WarcCaptureMiddleware": 950,
    # first of all: an article that is not due is not even checked against robots.txt
    "newsarchive.archive.incremental.RevisitPolicyMiddleware": 50,
    # Scrapy's offsite filter with the domains of each site of the site spider, redirects included
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "newsarchive.offsite.SiteOffsiteMiddleware": 55,
}

ITEM_PIPELINES["newsarchive.pipelines.store.StoreArticlePipeline"] = 200
ITEM_PIPELINES["newsarchive.pipelines.store.FetchImagesPipeline"] = 185  # while the page is at hand

#: The articles of each run as JSON Lines, in ARCHIVE_DIR/runs.
FEEDS = {
    "%(archive_dir)s/runs/%(name)s-%(time)s.jsonl": {
        "format": "jsonlines",
        "uri_params": "newsarchive.archive.layout.feed_uri_params",
    },
}


# -- Incremental runs (newsarchive/archive/incremental.py) ---------------------

#: Skip articles already archived unless a revisit is due.  Off by default:
#: the article, feed and sitemap spiders fetch what they are given; the site
#: spider (``newsarchive crawl``, ``newsarchive run``) turns it on.
INCREMENTAL = False
#: Ages (from its first capture) at which an archived article is fetched again
#: to catch edits; after the last, never.  The site spider uses each site's
#: ``revisit`` from the sites file instead (same default).  Default: 15m, 1h, 3h, 1d, 3d.
REVISIT_AFTER = list(DEFAULT_REVISITS)
#: Decide revisits as if it were this time (ISO 8601), not the clock's; for
#: tests and for replaying a schedule.  Default: empty, the clock.
REVISIT_NOW = ""
#: ``newsarchive run`` logs its progress (pages, articles, rate) every this many
#: seconds when stderr is not a terminal (0: only a last line at the end); on
#: a terminal it redraws a status line every second.
PROGRESS_INTERVAL = 60
