"""Crawls shared by several worker processes, on one machine or many, through Redis.

``newsarchive run --redis URL`` seeds a run (``coordinator``) and
``newsarchive worker --redis URL`` takes part in it (``worker``).  The
workers share, in Redis, the frontier and the duplicate filter (scrapy-redis's
scheduler and ``RFPDupeFilter``, ``scheduler``), the sites' bookkeeping and
the pictures fetched (``ledger``), the per-domain limit
(``domainlimit``) and the run's state (``state``): who takes
part, what each has in flight, whether the run is done.

Needs the ``distributed`` extra: ``pip install newsarchive[distributed]``.
"""
