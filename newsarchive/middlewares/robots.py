"""robots.txt obeyed by every request, and a robots.txt that cannot be
fetched logged in one line.

Scrapy's ``RobotsTxtMiddleware`` (2.14 to 2.19 at least) makes the requests
to a host that arrive while its robots.txt is being fetched wait on one
``Deferred``; under the asyncio reactor only the first waiter gets the
parser, the others get ``None``, which reads as "allowed": with
``Disallow: /`` the third request and those after it were fetched.  Here
each waiter waits on a ``Deferred`` of its own, fed from the shared one.

A robots.txt that cannot be fetched (connection refused, a dead host, a
timeout), once Scrapy's retries are spent, is one warning line naming the
host and the reason, counted in ``robotstxt/unreachable``, where Scrapy
logs the traceback; as in Scrapy, the host's pages are then requested, and
fail or not on their own.  It is not an error of the run: a host that is
gone fails each of its pages, one error line each, and a robots.txt alone
that cannot be had stops nothing (``RETRY_GIVE_UP_LOG_LEVEL`` keeps
Scrapy's own line when it gives up at INFO level).
"""
from __future__ import annotations

import logging

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware as ScrapyRobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from scrapy.http.request import NO_CALLBACK
from scrapy.robotstxt import RobotParser
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

log = logging.getLogger(__name__)


def _reason(exc: BaseException) -> str:
    message = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


class RobotsTxtMiddleware(ScrapyRobotsTxtMiddleware):
    async def robot_parser(self, request: Request) -> RobotParser | None:
        url = urlparse_cached(request)
        netloc = url.netloc
        if netloc not in self._parsers:
            self._parsers[netloc] = Deferred()
            robots = Request(f"{url.scheme}://{netloc}/robots.txt", priority=self.DOWNLOAD_PRIORITY,
                             meta={"dont_obey_robotstxt": True}, callback=NO_CALLBACK)
            try:
                response = await self.robots_response(robots)
                await self._parse_robots(response, netloc, request)
            except Exception as exc:
                if not isinstance(exc, IgnoreRequest):
                    self._stats.inc_value("robotstxt/unreachable")
                    log.warning("robots.txt of %s not fetched (%s): its pages are requested as Scrapy does",
                                netloc, _reason(exc))
                self._robots_error(exc, netloc)
            self._stats.inc_value("robotstxt/request_count")
        parser = self._parsers[netloc]
        if isinstance(parser, Deferred):
            own: Deferred[RobotParser | None] = Deferred()

            def hand_on(result: RobotParser | None) -> RobotParser | None:
                own.callback(result)
                return result  # for the next waiter

            parser.addCallback(hand_on)
            return await maybe_deferred_to_future(own)
        return parser

    async def robots_response(self, robots: Request) -> Response:
        """The response to a host's robots.txt request: fetched (the workers
        of a shared run fetch it once for all of them:
        ``distributed.ledger.SharedRobotsTxtMiddleware``)."""
        assert self.crawler.engine is not None
        return await self.crawler.engine.download_async(robots)
