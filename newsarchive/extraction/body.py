"""The article body: paragraphs and subheadings, without page furniture."""
from __future__ import annotations

from ..items import Article, Evidence
from .text import clean_text


def fill_body(article: Article, ev: Evidence) -> None:
    paragraphs = [clean_text(p.text_content()) for p in ev.tree.iter("p")]
    article.body = "\n\n".join(p for p in paragraphs if p)
    if article.body:
        article.sources["body"] = "page"
