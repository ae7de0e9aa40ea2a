"""Scrapy settings for newsarchive.

Every project setting is documented here with its default; override them on
the command line (``scrapy crawl article -s NAME=VALUE``) or in a
``settings`` section of your own.
"""
from . import __version__
from .archive.layout import archive_dir_from_environment
from .archive.revisits import DEFAULT_REVISITS
from .utils.listing import DEFAULT_MAX_DEPTH

BOT_NAME = "newsarchive"
SPIDER_MODULES = ["newsarchive.spiders"]
NEWSPIDER_MODULE = "newsarchive.spiders"

#: Say who you are: publishers block bots they cannot reach.  Add your
#: contact, an e-mail address or a URL: "newsarchive/0.1 (you@example.org)".
#: Without one (the default) each crawl starts with a warning (ContactCheck).
USER_AGENT = f"newsarchive/{__version__}"

ROBOTSTXT_OBEY = True

EXTENSIONS = {
    "newsarchive.extensions.SettingsCheck": 0,  # warns about -s names no one reads
    "newsarchive.extensions.ContactCheck": 0,  # warns when USER_AGENT has no contact
    "newsarchive.extensions.ArchiveSession": 0,  # opens the archive once per crawl (ARCHIVE_STORAGE)
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
#: Only http(s) is fetched (``middlewares.urls`` refuses other URLs first):
#: no handler for file://, ftp://, s3:// or data: either.
DOWNLOAD_HANDLERS = {"file": None, "ftp": None, "s3": None, "data": None}
RETRY_TIMES = 2
#: Scrapy's line when it gives up retrying a request is at INFO level: the
#: failure's one error line is newsarchive's own, naming the URL and the
#: reason (``could not fetch URL: …``, ``URL: HTTP 503``, ``picture not
#: archived: …``), counted in the run's errors once; a robots.txt that
#: cannot be fetched is a warning (its pages fail, or not, on their own).
RETRY_GIVE_UP_LOG_LEVEL = "INFO"

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
#: Pages larger than this (bytes) are archived as served but not extracted,
#: and the log says so: the parsed tree of a page takes up to 40 times its
#: size, and a crawl stays under 500 MB whatever pages it meets
#: (benchmarks/memory.py).
EXTRACT_MAXSIZE = 2 * 1024 * 1024
#: How many levels of listings named by listings (a robots.txt's Sitemap:
#: lines, sitemap indexes) a crawl reads below the one it started from; an
#: index nested deeper is not read, and the log says so.
LISTING_MAX_DEPTH = DEFAULT_MAX_DEPTH

#: The spiders yield a ``Draft`` of each page (its evidence); the pipelines
#: turn it into an ``Article`` (newsarchive/pipelines/).
ITEM_PIPELINES = {
    # the extraction steps; drops pages that are not articles
    "newsarchive.pipelines.extract.ExtractArticlePipeline": 100,
    # a site's max_age, on the published date of new articles
    "newsarchive.pipelines.age.MaxAgePipeline": 175,
    # the article's pictures, fetched into the WARC files (ARCHIVE_IMAGES)
    "newsarchive.pipelines.images.FetchImagesPipeline": 185,
    # the article version into the archive; the Article out, for the feeds
    "newsarchive.pipelines.store.StoreArticlePipeline": 200,
}

#: Processes that run the extraction beside the crawl's own (which fetches
#: and archives, on one core as Scrapy does): a number, 0 for none (the
#: extraction then runs in the crawl's process), or "auto", one a core but
#: the crawl's, at least one.  Each takes about 70 MB.
EXTRACTION_PROCESSES = "auto"
#: Pages the extraction processes take before fresh ones replace them (the
#: old ones finish their pages first): the libraries they run keep what they
#: learn of each language met (dateparser's patterns, tens of MB over a long
#: crawl).  A fresh process starts in about a second.  0: never replaced.
EXTRACTION_PROCESS_PAGES = 2000
#: Scrapy's, stated here for what it bounds: past this many bytes of pages
#: in hand (parsed, waiting for the extraction processes, being extracted:
#: a page counts until its article has left the pipelines) no new request
#: is sent; the at most CONCURRENT_REQUESTS responses on their way still
#: come in.  Default 5,000,000 (Scrapy's).
SCRAPER_SLOT_MAX_ACTIVE_SIZE = 5_000_000
#: Scrapy's, lowered from its 100: what one response gives is handled by
#: this many tasks at once, and Scrapy starts them all for every response.
#: A page gives one article and a listing a few hundred requests, so 8 lose
#: nothing, and the crawl's process spends 10% less CPU a page
#: (benchmarks/crawl.py: 9.5 -> 8.5 ms).
CONCURRENT_ITEMS = 8

#: A page that fails never stops a crawl nor prints a traceback: a request
#: that fails is logged by its spider's errback (``fetch_failed``), given to
#: every request made without one; an exception that escapes a spider on
#: one page drops that page with one error line (newsarchive/middlewares/errbacks.py).
SPIDER_MIDDLEWARES = {
    "newsarchive.middlewares.errbacks.FetchErrbackMiddleware": 950,
    "newsarchive.middlewares.errbacks.PageFailureMiddleware": 10,  # the engine end: the last resort
}
#: Log dropped items and item errors by their reason and URL, never the whole
#: item (Scrapy's default prints it: megabytes for a large page); Scrapy
#: still adds the traceback of an item error (newsarchive/logformatter.py).
LOG_FORMATTER = "newsarchive.logformatter.PageLogFormatter"

REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
FEED_EXPORT_ENCODING = "utf-8"
#: Local feed files get each item as it is exported: a killed crawl loses
#: none, a full disk is one error line (newsarchive/exporters.py).
FEED_STORAGES = {"": "newsarchive.exporters.LineFileFeedStorage", "file": "newsarchive.exporters.LineFileFeedStorage"}
#: CSV feeds write the nested fields (pictures, sources, capture, lists) as
#: JSON; the ``references`` format writes a reference to each archived
#: article (id, URL, headline, dates, capture) rather than the article.
FEED_EXPORTERS = {"csv": "newsarchive.exporters.JsonFieldsCsvItemExporter",
                  "references": "newsarchive.exporters.ArticleReferenceExporter"}
LOG_LEVEL = "INFO"


# -- Archive ----------------------------------------------------------------
# Every response is written to WARC files, every article as clean JSON, both
# tied together by a catalogue; see newsarchive/archive/layout.py for the layout.

#: Keep an archive at all: WARC files, article JSON and catalogue.  Off, a
#: crawl only gives its feeds (``-O articles.jsonl``).
ARCHIVE_ENABLED = True
#: The class that keeps the archive of a crawl (WARC records, catalogue,
#: article JSON), as HTTPCACHE_STORAGE names Scrapy's cache storage; built
#: with ``from_settings(settings)``.
ARCHIVE_STORAGE = "newsarchive.archive.storage.ArchiveStorage"
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
#: The gzip level of the WARC records (1-9).  Measured on real pages sent
#: uncompressed: 3 takes 2.0 ms a page for 21% of the size, 9 takes 6.9 ms
#: for 19%; pages sent gzip-encoded and pictures hardly compress further.
WARC_GZIP_LEVEL = 3
#: Seconds between two syncs of the archive: the WARC records and article
#: JSON written since the last one are fsync'd together, then their
#: catalogue rows committed.  A crash of the crawl (even ``kill -9``) loses
#: no write either way; a power cut may lose the writes of the last
#: interval (README, "What a crash may lose").  0: fsync and commit each
#: write on its own (slower, fsyncs cost milliseconds each).
ARCHIVE_SYNC_INTERVAL = 1.0

DOWNLOADER_MIDDLEWARES = {
    # first of all: a URL that is no web page (file://, ftp://...) is never fetched, redirects included
    "newsarchive.middlewares.urls.UrlRuleMiddleware": 10,
    # Scrapy's, with every request that waits for a host's robots.txt obeying it
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "newsarchive.middlewares.robots.RobotsTxtMiddleware": 100,
    # Scrapy's, with a page lost to a redirect loop or chain logged as an error
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "newsarchive.middlewares.redirects.RedirectLimitMiddleware": 600,
    # Scrapy's, reading a meta refresh without decoding the whole page (the text would stay in memory)
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "newsarchive.middlewares.redirects.HeadMetaRefreshMiddleware": 580,
    # Scrapy's, with the Public Suffix List shipped in tldextract, never downloaded
    "scrapy.downloadermiddlewares.cookies.CookiesMiddleware": None,
    "newsarchive.middlewares.cookies.OfflineCookiesMiddleware": 700,
    # above HttpCompressionMiddleware (590): sees the body still content-encoded
    "newsarchive.middlewares.warc.WarcCaptureMiddleware": 950,
    # first of all: an article that is not due is not even checked against robots.txt
    "newsarchive.middlewares.revisits.RevisitPolicyMiddleware": 50,
    # Scrapy's offsite filter, with the domains a request's meta names (each site's)
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "newsarchive.middlewares.offsite.SiteOffsiteMiddleware": 55,
    # after robots.txt: every request a site sends, pictures included, counts towards its max_pages
    "newsarchive.middlewares.budget.SiteBudgetMiddleware": 110,
    # REPLAY_ARCHIVE: answers from an archive, after Scrapy's request middlewares, before the WARC one
    "newsarchive.middlewares.replay.ReplayArchiveMiddleware": 940,
}

#: Crawl an archive instead of the live web: every request is answered from
#: the archive in this folder (its CDXJ index and WARC files), a URL it does
#: not have with a 404; nothing goes to the network, and the crawl keeps no
#: archive of its own (its articles go to the feeds, ``-O``).  For trying a
#: sites file or the extraction offline.  Default: empty, the live web.
REPLAY_ARCHIVE = ""

#: The articles of each run as JSON Lines, in ARCHIVE_DIR/runs: a reference
#: to each (id, URL, headline, dates, capture), its JSON being in the archive.
FEEDS = {
    "%(archive_dir)s/runs/%(name)s-%(time)s.jsonl": {
        "format": "references",
        "uri_params": "newsarchive.exporters.feed_uri_params",
    },
}


# -- Incremental runs (newsarchive/middlewares/revisits.py) --------------------

#: Skip articles already archived unless a revisit is due.  Off by default:
#: the article, feed and sitemap spiders fetch what they are given; the site
#: spider (``newsarchive crawl``, ``newsarchive run``) turns it on.
INCREMENTAL = False
#: The class that decides whether an archived article is due for a revisit,
#: built with ``from_settings(settings)`` (newsarchive/archive/revisits.py).
REVISIT_POLICY = "newsarchive.archive.revisits.ScheduledRevisits"
#: Ages (from its first capture) at which an archived article is fetched again
#: to catch edits; after the last, never.  A request's ``revisit_after`` meta
#: key overrides it.  The site spider uses each site's
#: ``revisit`` from the sites file instead (same default).  Default: 15m, 1h, 3h, 1d, 3d.
REVISIT_AFTER = list(DEFAULT_REVISITS)
#: Decide revisits as if it were this time (ISO 8601), not the clock's; for
#: tests and for replaying a schedule.  Default: empty, the clock.
REVISIT_NOW = ""
#: ``newsarchive run`` logs its progress (pages, articles, rate) every this many
#: seconds when stderr is not a terminal (0: only a last line at the end); on
#: a terminal it redraws a status line every second.
PROGRESS_INTERVAL = 60


# -- Shared runs: workers on Redis (newsarchive/distributed/) -----------------
# `newsarchive run --redis URL` and `newsarchive worker --redis URL` set these
# and the scheduler, storage and middleware of a worker; a plain crawl has none.

#: The Redis server the workers of a shared run share (--redis).  Default: none.
REDIS_URL = ""
#: The first part of every Redis key of a shared run: two archives sharing one
#: Redis server need two prefixes.
REDIS_PREFIX = "newsarchive"
#: The name of this worker in its WARC files' names and in Redis (--name).
#: Default: none (a plain crawl names its WARC files after the machine).
WORKER_NAME = ""
#: Seconds between two heartbeats of a worker (and two looks at whether the run is done).
WORKER_HEARTBEAT = 1.0
#: Seconds without a heartbeat after which a worker counts as dead: its
#: requests in flight go back to the queue for the others, and its slots of
#: the per-domain limit come free.
WORKER_TIMEOUT = 30.0
