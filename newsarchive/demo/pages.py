"""The demo site's generated documents: home, section and error pages, the
feeds (RSS, Atom, JSON Feed), the sitemaps and robots.txt, all built from the catalogue.

``origin`` is the site's own ``http://host:port``, for the absolute URLs
feeds and sitemaps must carry.
"""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import datetime
from email.utils import format_datetime
from html import escape
from importlib.resources import files
from string import Template

from .catalogue import SECTIONS, SITE_NAME, DemoArticle, latest_articles, section_articles

PAGE = Template(files(__package__).joinpath("templates/page.html").read_text(encoding="utf-8"))
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
ATOM_NS = "http://www.w3.org/2005/Atom"
ET.register_namespace("", SITEMAP_NS)
ET.register_namespace("news", NEWS_NS)
ET.register_namespace("atom", ATOM_NS)


def _page(title: str, main: str, head: str = "") -> str:
    nav = "".join(f'<li><a href="/{slug}/">{escape(name)}</a></li>' for slug, name in SECTIONS.items())
    return PAGE.substitute(title=escape(title), site_name=escape(SITE_NAME), nav=nav, head=head, main=main)


def _jsonld(data: dict) -> str:
    return f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>'


def _teaser(article: DemoArticle) -> str:
    return (f'<article class="teaser" lang="{article.language}">'
            f'<h2><a href="{escape(article.path)}">{escape(article.headline)}</a></h2>'
            f'<p class="summary">{escape(article.summary)}</p>'
            f'<time datetime="{article.published}">{article.published[:10]}</time></article>')


def home_page(origin: str) -> str:
    teasers = "\n".join(_teaser(a) for a in latest_articles())
    head = _jsonld({"@context": "https://schema.org", "@type": "WebSite", "name": SITE_NAME,
                    "url": origin + "/",
                    "publisher": {"@type": "Organization", "name": SITE_NAME}})
    return _page(f"{SITE_NAME} — news from the loopback", f"<h1>Latest news</h1>\n{teasers}", head)


def section_page(origin: str, slug: str) -> str:
    name = SECTIONS[slug]
    teasers = "\n".join(_teaser(a) for a in section_articles(slug))
    head = _jsonld({"@context": "https://schema.org", "@type": "CollectionPage",
                    "name": name, "url": f"{origin}/{slug}/"})
    return _page(f"{name} | {SITE_NAME}", f"<h1>{escape(name)}</h1>\n{teasers}", head)


def not_found_page() -> str:
    return _page(f"Page not found | {SITE_NAME}",
                 '<h1>Page not found</h1>\n<p>The page you asked for is not here. '
                 'Try the <a href="/">home page</a>.</p>')


def _xml(root: ET.Element) -> bytes:
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def rss_feed(origin: str) -> bytes:
    rss = ET.Element("rss", version="2.0")
    channel = ET.SubElement(rss, "channel")
    for tag, text in (("title", SITE_NAME), ("link", origin + "/"),
                      ("description", "The latest stories of the demo site"), ("language", "en")):
        ET.SubElement(channel, tag).text = text
    for article in latest_articles():
        item = ET.SubElement(channel, "item")
        for tag, text in (("title", article.headline), ("link", origin + article.path),
                          ("description", article.summary), ("category", SECTIONS[article.section]),
                          ("pubDate", format_datetime(datetime.fromisoformat(article.published)))):
            ET.SubElement(item, tag).text = text
        ET.SubElement(item, "guid", isPermaLink="true").text = origin + article.path
    return _xml(rss)


def atom_feed(origin: str) -> bytes:
    """The same stories as an Atom feed."""
    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    newest = latest_articles()
    for tag, text in (("title", SITE_NAME), ("id", origin + "/"), ("updated", newest[0].published)):
        ET.SubElement(feed, f"{{{ATOM_NS}}}{tag}").text = text
    ET.SubElement(feed, f"{{{ATOM_NS}}}link", rel="self", href=origin + "/atom.xml")
    for article in newest:
        entry = ET.SubElement(feed, f"{{{ATOM_NS}}}entry")
        for tag, text in (("title", article.headline), ("id", origin + article.path),
                          ("published", article.published), ("updated", article.published),
                          ("summary", article.summary)):
            ET.SubElement(entry, f"{{{ATOM_NS}}}{tag}").text = text
        ET.SubElement(entry, f"{{{ATOM_NS}}}link", rel="alternate", type="text/html", href=article.path)
    feed.set("{http://www.w3.org/XML/1998/namespace}base", origin + "/")
    return _xml(feed)


def json_feed(origin: str) -> str:
    """The same stories as a JSON Feed (version 1.1)."""
    return json.dumps({
        "version": "https://jsonfeed.org/version/1.1", "title": SITE_NAME,
        "home_page_url": origin + "/", "feed_url": origin + "/feed.json",
        "items": [{"id": origin + a.path, "url": origin + a.path, "title": a.headline,
                   "summary": a.summary, "date_published": a.published, "language": a.language}
                  for a in latest_articles()],
    }, ensure_ascii=False, indent=1)


def news_sitemap(origin: str) -> bytes:
    """A Google News sitemap listing every article."""
    urlset = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    for article in latest_articles():
        url = ET.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
        ET.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = origin + article.path
        news = ET.SubElement(url, f"{{{NEWS_NS}}}news")
        publication = ET.SubElement(news, f"{{{NEWS_NS}}}publication")
        ET.SubElement(publication, f"{{{NEWS_NS}}}name").text = article.publisher
        ET.SubElement(publication, f"{{{NEWS_NS}}}language").text = article.language
        ET.SubElement(news, f"{{{NEWS_NS}}}publication_date").text = article.published
        ET.SubElement(news, f"{{{NEWS_NS}}}title").text = article.headline
    return _xml(urlset)


def sections_sitemap(origin: str) -> bytes:
    """A plain sitemap of the pages that are not articles: home and sections."""
    urlset = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    for path in ["/"] + [f"/{slug}/" for slug in SECTIONS]:
        ET.SubElement(ET.SubElement(urlset, f"{{{SITEMAP_NS}}}url"), f"{{{SITEMAP_NS}}}loc").text = origin + path
    return _xml(urlset)


def sitemap_index(origin: str) -> bytes:
    index = ET.Element(f"{{{SITEMAP_NS}}}sitemapindex")
    for path in ("/sitemap.xml", "/sitemap-sections.xml"):
        ET.SubElement(ET.SubElement(index, f"{{{SITEMAP_NS}}}sitemap"), f"{{{SITEMAP_NS}}}loc").text = origin + path
    return _xml(index)


def robots_txt(origin: str) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {origin}/sitemap-index.xml\n"
