"""Item pipelines of newsarchive, in the order they run on a page's ``Draft``:

``extract``   runs the extraction steps (``extraction.STEPS``) and drops a
              page that is not an article, with the reason;
``age``       drops a new article published longer ago than its site's ``max_age``;
``images``    fetches the article's pictures, so that the WARC files hold them;
``store``     writes the article version to the archive and emits the ``Article``.
"""
