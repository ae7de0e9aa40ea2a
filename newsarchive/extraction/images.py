"""Images of the article with caption, credit and alt text."""
from __future__ import annotations

from urllib.parse import urljoin

from ..items import Article, Evidence, Image
from .evidence import first_meta


def fill_images(article: Article, ev: Evidence) -> None:
    lead = first_meta(ev, "og:image", "twitter:image")
    if lead:
        article.images = [Image(url=urljoin(ev.url, lead), lead=True)]
        article.sources["images"] = "meta"
