"""The bundled demo news site: pages written for the project, served on
loopback (``newsarchive demo-site``) and crawled by ``newsarchive demo``.

``catalogue`` lists what the site publishes, ``site/`` holds the article
pages, ``pages`` renders the rest (home, sections, feed, sitemaps,
robots.txt), ``images`` makes the pictures, ``server`` serves it all and
``crawl`` runs the demo crawl.
"""
