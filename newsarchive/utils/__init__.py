"""Helpers with one job each, used across the package: reading feeds and
sitemaps (``feed``, ``sitemap``, ``listing``) and times and durations
(``timeutils``)."""
