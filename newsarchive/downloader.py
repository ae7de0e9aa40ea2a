"""Scrapy's downloader, with its per-domain concurrency limit kept.

Scrapy 2.14 to 2.19 (at least) send more requests at once to one host than
``CONCURRENT_REQUESTS_PER_DOMAIN`` allows under the asyncio reactor: when a
download ends, ``Downloader._process_queue`` takes every queued request of
the slot while it has free transfer slots, but a request only counts as
transferring once its download task starts, on a later turn of the event
loop, so the whole queue goes out at once (10 to 12 requests at a time to a
host with a limit of 4; the Twisted reactor, which runs the task at once, is
not affected).  ``SlotLimitedDownloader`` counts a request as transferring
as soon as it is taken from the queue.  Remove it when Scrapy does so.
"""
from __future__ import annotations

from scrapy.core.downloader import Downloader


class SlotLimitedDownloader(Downloader):
    def _wait_for_download(self, slot, request, queue_dfd):
        slot.transferring.add(request)  # now, not when the task starts (Scrapy removes it when done)
        return super()._wait_for_download(slot, request, queue_dfd)
