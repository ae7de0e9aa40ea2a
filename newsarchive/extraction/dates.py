"""Publication and modification dates, ISO 8601 with the page's UTC offset.

Candidates come from the most to the least trusted source: JSON-LD (the
article's object, then other page-level objects), ``<meta>`` tags, microdata
of visible elements; then, only when those have none, the article's
``<time datetime>`` elements, dates printed where pages print them (date or
byline elements), the title, dateparser on those printed texts, the URL and
last htmldate's day.  The first plausible candidate wins (not later than the
fetch; from the page, not later than the modification and on the URL's day
when it names one), with two checks against the dates the page prints:
declared publication dates on different days are decided by the one the
page prints, and a declared publication no earlier than the modification (a
CMS stamping it on every save) gives way to an earlier printed day.  A twin
of the winner that says more (the same instant with the page's own offset,
the same day with a time) replaces it.  A date keeps the
offset the page states and never gets one invented: without a zone it stays
naive, without a time it stays a bare day.
"""
from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from functools import cache, lru_cache
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from lxml import etree

from ..items import Article, Evidence
from .evidence import ARTICLE_TYPES, first_meta, ld_text, ld_types
from .headline import visible_headings
from .text import clean_text, named_classes

# -- parsing one date string ----------------------------------------------------

MIN_YEAR, MAX_YEAR = 1990, 2100
_TOLERANCE = timedelta(seconds=60)

#: Zone abbreviations news sites print, with their offset in minutes; they
#: are matched in capitals only ("10:00 Uhr ist" names no zone).
ZONE_ABBREVIATIONS = {
    "z": 0, "utc": 0, "gmt": 0, "ut": 0, "wet": 0, "west": 60, "bst": 60, "cet": 60, "mez": 60,
    "cest": 120, "mesz": 120, "wez": 0, "wesz": 60, "eet": 120, "eest": 180, "oez": 120, "oesz": 180,
    "msk": 180, "trt": 180, "est": -300, "edt": -240, "cdt": -300, "mst": -420, "mdt": -360,
    "pst": -480, "pdt": -420, "akst": -540, "akdt": -480, "hst": -600, "pkt": 300, "npt": 345,
    "ict": 420, "wib": 420, "wita": 480, "wit": 540, "pht": 480, "jst": 540, "kst": 540, "hkt": 480,
    "sgt": 480, "aest": 600, "aedt": 660, "acst": 570, "acdt": 630, "awst": 480, "nzst": 720,
    "nzdt": 780, "sast": 120, "cat": 120, "eat": 180, "wat": 60,
}
#: Abbreviations that name different zones in different places, read by the
#: country, else the language, of the page's locale ("en-ie", "he"); "en"
#: stands for English of no listed country.  IST is India's time, Ireland's
#: and Israel's; CST the US Central time, China's and Cuba's; BST British
#: summer time, Bangladesh's too.  Elsewhere IST and CST name no zone.
ZONES_BY_LOCALE = {
    "ist": {"en": 330, "in": 330, "hi": 330, "mr": 330, "ta": 330, "te": 330, "kn": 330, "ml": 330,
            "gu": 330, "pa": 330, "ie": 60, "ga": 60, "il": 120, "he": 120},
    "cst": {"en": -360, "us": -360, "zh": 480, "cn": 480, "tw": 480, "hk": 480, "mo": 480, "cu": -300},
    "bst": {"bd": 360, "bn": 360},
}
#: Zones printed without standard or summer time ("10 a.m. ET"): their
#: offset on the day the page gives, from the IANA time zone database.
GENERIC_ZONES = {"et": "America/New_York", "ct": "America/Chicago", "mt": "America/Denver",
                 "pt": "America/Los_Angeles"}
#: Languages whose month names are recognised in printed dates; earlier ones
#: win a name that two languages share with different meanings.
MONTH_LANGUAGES = ("en", "de", "fr", "es", "it", "pt", "nl", "pl", "cs", "sk", "sv", "nb", "da",
                   "fi", "lt", "lv", "et", "ru", "uk", "bg", "ro", "hu", "tr", "el", "sl", "hr",
                   "id", "ca")
_MONTH_KEYS = ("january", "february", "march", "april", "may", "june", "july", "august",
               "september", "october", "november", "december")

_ZONE = (r"(?:\s*Uhr\b)?\s*\(?(?P<zone>Z(?![a-z])|[+-]\d{2}:?\d{2}(?!\d)|[+-]\d{2}(?![\d:])"
         r"|(?:UTC|GMT)(?:\s*[+-]\d{1,2}(?::?\d{2})?)?|(?-i:[A-Z]{2,5})(?![A-Za-z]))?")
_TIME = (r"(?P<hour>\d{1,2})[:h](?P<minute>\d{2})(?::(?P<second>\d{2}))?(?:[.,]\d+)?"
         r"(?:\s*(?P<ampm>[ap])\.?\s?m\b\.?)?" + _ZONE)
_TIME_AFTER = re.compile(r"[^\d]{0,25}?(?<!\d)" + _TIME, re.I)
_TIME_BEFORE = re.compile(_TIME + r"[^\d]{0,20}$", re.I)
_ISO = re.compile(
    r"(?<!\d)(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"
    r"(?:[T\s]+(?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?(?:[.,]\d+)?" + _ZONE + ")?",
    re.I)
_COMPACT_DAY = re.compile(r"(?P<year>(?:19|20)\d{2})(?P<month>[01]\d)(?P<day>[0-3]\d)")
_EPOCH = re.compile(r"\d{9,10}(?:\d{3})?(?:\.\d+)?")
_YMD = re.compile(r"(?<!\d)(?P<year>\d{4})[/.](?P<month>\d{1,2})[/.](?P<day>\d{1,2})(?!\d)")
_CJK = re.compile(r"(?P<year>\d{4})\s*[年년]\s*(?P<month>\d{1,2})\s*[月월]\s*(?P<day>\d{1,2})\s*[日일]?")
_DMY_NUMERIC = re.compile(
    r"(?<![\d.])(?P<first>\d{1,2})(?P<sep>[./-])\s?(?P<second>\d{1,2})(?P=sep)\s?(?P<year>\d{4}|\d{2})(?![\d])")
_WORD = r"(?P<word>[^\W\d_]{3,}\.?)"
_DAY_WORD_YEAR = re.compile(r"(?<!\d)(?P<day>\d{1,2})(?:st|nd|rd|th|er)?[.-]?\s*(?:de\s+|of\s+)?"
                            + _WORD + r"[,-]?\s*(?:de\s+)?(?P<year>\d{4})(?!\d)")
_WORD_DAY_YEAR = re.compile(_WORD + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\.?,?\s+(?P<year>\d{4})(?!\d)")
_YEAR_WORD_DAY = re.compile(r"(?<!\d)(?P<year>\d{4})\.?\s*(?:m\.\s*)?" + _WORD + r"\s+(?P<day>\d{1,2})(?!\d)")
#: ``Date.toString()`` style: "Fri Apr 28 19:20:36 CEST 2023".
_WORD_DAY_TIME_YEAR = re.compile(_WORD + r"\s+(?P<day>\d{1,2})\s+" + _TIME + r"\s+(?P<year>\d{4})(?!\d)", re.I)


@dataclass(frozen=True)
class Stamp:
    """A parsed date: ``moment`` is naive when the page gives no zone and at
    midnight when it gives no time (``has_time`` false)."""

    moment: datetime
    has_time: bool

    @property
    def has_offset(self) -> bool:
        return self.moment.tzinfo is not None

    def iso(self) -> str:
        if not self.has_time:
            return self.moment.date().isoformat()
        return self.moment.replace(microsecond=0).isoformat()

    def same_instant(self, other: Stamp) -> bool:
        if self.has_offset != other.has_offset:
            return False
        return abs(self.moment - other.moment) <= _TOLERANCE

    def same_wall_clock(self, other: Stamp) -> bool:
        return abs(self.moment.replace(tzinfo=None) - other.moment.replace(tzinfo=None)) <= _TOLERANCE


@lru_cache(maxsize=None)
def _language_months(language: str) -> dict[str, int]:
    try:
        info = importlib.import_module(f"dateparser.data.date_translation_data.{language}").info
    except ImportError:
        return {}
    months: dict[str, int] = {}
    for number, key in enumerate(_MONTH_KEYS, 1):
        for name in info.get(key, ()):
            name = name.lower().rstrip(".")
            if len(name) >= 3 and name.isalpha():
                months.setdefault(name, number)
    return months


@lru_cache(maxsize=None)
def month_names(language: str | None = None) -> dict[str, int]:
    """Month name (lower case, any of ``MONTH_LANGUAGES``) -> number; the
    page's own language (``"de"`` or ``"de-at"``) wins a name shared with
    another meaning."""
    months: dict[str, int] = {}
    for lang in reversed(MONTH_LANGUAGES):
        months.update(_language_months(lang))
    if language:
        months.update(_language_months(language.split("-")[0]))
    return months


def _zone(text: str | None, wall: datetime, locale: str | None) -> timezone | None:
    """The offset a zone printed after the time ``wall`` names: an
    abbreviation (resolved by the page's ``locale`` where it names several
    zones), a generic US zone on that day, or a numeric offset."""
    if not text:
        return None
    text = text.strip().lower()
    if text in GENERIC_ZONES:
        try:
            offset = wall.replace(tzinfo=ZoneInfo(GENERIC_ZONES[text])).utcoffset()
        except ZoneInfoNotFoundError:  # no time zone database: no offset rather than a guess
            return None
        return timezone(offset) if offset is not None else None
    language, _, country = (locale or "en").lower().replace("_", "-").partition("-")
    by_locale = ZONES_BY_LOCALE.get(text, {})
    minutes = by_locale.get(country, by_locale.get(language, ZONE_ABBREVIATIONS.get(text)))
    if minutes is not None:
        return timezone(timedelta(minutes=minutes))
    match = re.fullmatch(r"(?:utc|gmt)?\s*([+-])(\d{1,2}):?(\d{2})?", text)
    if not match:
        return None
    minutes = int(match[2]) * 60 + int(match[3] or 0)
    if minutes > 14 * 60:
        return None
    return timezone(timedelta(minutes=-minutes if match[1] == "-" else minutes))


def _build(year: int, month: int, day: int, time: re.Match | None = None,
           locale: str | None = None) -> Stamp | None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        if time is None or time["hour"] is None:
            return Stamp(datetime(year, month, day), False)
        hour = int(time["hour"])
        ampm = (time.groupdict().get("ampm") or "").lower()
        if ampm and not 1 <= hour <= 12:
            return None
        if ampm:
            hour = hour % 12 + (12 if ampm == "p" else 0)
        wall = datetime(year, month, day, hour, int(time["minute"]), int(time["second"] or 0))
    except ValueError:
        return None
    return Stamp(wall.replace(tzinfo=_zone(time["zone"], wall, locale)), True)


def _time_near(text: str, start: int, end: int) -> re.Match | None:
    """A clock time printed right after (or else right before) a date."""
    return _TIME_AFTER.match(text, end) or _TIME_BEFORE.search(text[max(0, start - 30):start])


def _numeric_day_month(first: int, second: int, separator: str, language: str | None) -> tuple[int, int]:
    """Day and month of "01/02/2023": month first only with slashes in US
    English (or English of no stated country), when the first number can be a month."""
    if separator == "/" and language in ("en", "en-us") and first <= 12:
        return second, first
    return first, second


def _printed_stamp(text: str, language: str | None) -> Stamp | None:
    months = month_names(language)
    for pattern in (_WORD_DAY_TIME_YEAR, _DAY_WORD_YEAR, _WORD_DAY_YEAR, _YEAR_WORD_DAY):
        for match in pattern.finditer(text):
            month = months.get(match["word"].lower().rstrip("."))
            if month is None:
                continue
            time = match if pattern is _WORD_DAY_TIME_YEAR else _time_near(text, match.start(), match.end())
            return _build(int(match["year"]), month, int(match["day"]), time, language)
    for pattern in (_CJK, _YMD):
        if found := pattern.search(text):
            return _build(int(found["year"]), int(found["month"]), int(found["day"]),
                          _time_near(text, found.start(), found.end()), language)
    numeric = _DMY_NUMERIC.search(text)
    if numeric and (len(numeric["year"]) == 4 or numeric["sep"] == "."):
        year = int(numeric["year"]) + (2000 if len(numeric["year"]) == 2 else 0)
        day, month = _numeric_day_month(int(numeric["first"]), int(numeric["second"]), numeric["sep"], language)
        return _build(year, month, day, _time_near(text, numeric.start(), numeric.end()), language)
    return None


def parse_date(value, language: str | None = None) -> Stamp | None:
    """Read one date: ISO 8601 and its loose variants, epoch seconds or
    milliseconds, RFC 2822 and ``Date.toString()`` forms, and dates printed
    in words or digits in many languages ("3. Februar 2023, 10:15 Uhr",
    "February 3, 2023", "2023年2月3日", "03.02.2023 um 10:15").  A zone
    printed after the time gives the offset ("10:00 Uhr MESZ", "10 a.m.
    ET"), read for the page's ``language`` where its abbreviation names
    several zones (IST on an Irish page)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        value = str(value)
    text = clean_text(str(value))
    if not text:
        return None
    if _EPOCH.fullmatch(text):
        seconds = float(text) / (1000 if len(text.split(".")[0]) > 10 else 1)
        moment = datetime.fromtimestamp(seconds, timezone.utc)
        return Stamp(moment, True) if MIN_YEAR <= moment.year <= MAX_YEAR else None
    match = _COMPACT_DAY.fullmatch(text)
    if match:
        return _build(int(match["year"]), int(match["month"]), int(match["day"]))
    match = _ISO.search(text)
    if match:
        return _build(int(match["year"]), int(match["month"]), int(match["day"]), match, language)
    return _printed_stamp(text, language)


# -- gathering candidates from the page -----------------------------------------

LD_PUBLISHED = ("datePublished", "dateCreated", "uploadDate")
LD_MODIFIED = ("dateModified",)
#: Other JSON-LD objects whose dates are the page's when the article's has none.
_DATED_TYPES = ARTICLE_TYPES | {"videoobject"}
META_PUBLISHED = (
    "article:published_time", "article:published:time", "article:published", "og:article:published_time",
    "og:published_time", "datepublished", "published_time", "article.published",
    "article_date_original", "publish-date", "publish_date", "publishdate", "pubdate",
    "publication_date", "original-publish-date", "parsely-pub-date", "sailthru.date",
    "dc.date.issued", "dcterms.issued", "dc.date.created", "dcterms.created", "dc.date",
    "dcterms.date", "date", "citation_publication_date", "citation_date", "rnews:datepublished",
    "datecreated", "cxenseparse:recs:publishtime", "release_date", "published",
)
META_MODIFIED = (
    "article:modified_time", "article:modified:time", "article:modified", "og:updated_time",
    "og:article:modified_time",
    "datemodified", "modified_time", "article.updated", "dc.date.modified", "dcterms.modified",
    "last-modified", "lastmod", "revised",
)
#: Class vocabulary, matched in lower case (``_class_of``): faster than ignoring case.
_MODIFIED_CLASS = re.compile(r"updat|modif|aktualisiert|edited")
_DATE_HINT = re.compile(r"date|time|datum|fecha|publi|posted|dateline|byline|meta|stand|info")
#: A widget printing the day of the visit ("todays-date"): no article's date.
_TODAY_HINT = re.compile(r"today|current-?date")
_BYLINE_HINT = re.compile(r"author|byline|autor|auteur")
#: Containers of other articles' teasers: their dates are not this article's
#: ("promoted" marks an article promoted to the front page, not a promotion).
_TEASER_HINT = re.compile(r"teaser|related|recommend|card|promo(?!ted)|sidebar|widget|more|popular|trending"
                          r"|comment|footer|menu")
_SKIP_TAGS = {"nav", "footer", "aside", "script", "style", "noscript", "template", "select", "option"}
_MAX_PRINTED_DATE = 160
_MAX_DATE_LINE = 60
#: Elements a class, id, itemprop or rel names: the only ones a date hint can mark.
_MARKED = etree.XPath("descendant-or-self::*[@class or @id or @itemprop or @rel]")
_DATE_ELEMENTS = etree.XPath("//*[self::time or @itemprop and not(self::meta)]")
_URL_DATE = re.compile(r"(?<![\d])(?P<year>(?:19|20)\d{2})[/_-]?(?P<month>0[1-9]|1[0-2]|[a-z]{3,9})[/_-]?"
                       r"(?P<day>0[1-9]|[12]\d|3[01])(?![\d])")
_DIGIT = re.compile(r"\d")
_UPDATED_LABEL = re.compile(r"updated|aktualisiert|actualizado|mis à jour|aggiornato|atualizado|zaktualizowano|"
                            r"обновлено|oppdatert|uppdaterad|opdateret|bijgewerkt|päivitetty|atnaujinta|更新", re.I)
_PUBLISHED_LABEL = re.compile(r"publi|veröffentlicht|erschienen|opublikowano|опубликовано|publisert|"
                              r"gepubliceerd|julkaistu|paskelbta|公開|発表|发布|発行", re.I)
#: A date labelled as the first publication of a page that prints its update too.
_FIRST_PUBLISHED_LABEL = re.compile(r"(?:originally|first) (?:published|posted)|ursprünglich veröffentlicht|"
                                    r"erstmals veröffentlicht|publié initialement|publicado originalmente|"
                                    r"pubblicato originariamente", re.I)
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_CLOCK = re.compile(r"\d{1,2}[:h]\d{2}")
_DATEPARSER_TRIES = 2
_DATEPARSER_SETTINGS = {"STRICT_PARSING": True, "PARSERS": ["absolute-time"]}


def _class_of(el) -> str:
    """Class, id and itemprop of ``el``, lower case."""
    return _names(el.get("class"), el.get("id"), el.get("itemprop"))


@lru_cache(maxsize=4096)  # pages use a few class names on many elements
def _names(class_: str | None, id_: str | None, itemprop: str | None) -> str:
    return f"{named_classes(class_)} {id_ or ''} {itemprop or ''}".lower()


def _in_teaser(el) -> bool:
    """Inside navigation, a menu, a sidebar, a teaser card or a link
    wrapping more than the date itself."""
    own = len(el.text_content() or "")
    for parent in el.iterancestors():
        if parent.tag in ("main", "body", "html"):  # their class names the page's template
            return False
        if parent.tag == "article" and parent.find(".//h1") is not None:  # its class names the article's type
            return False
        if parent.tag in _SKIP_TAGS or _TEASER_HINT.search(_class_of(parent)):
            return True
        if parent.tag == "article":
            return False
        if parent.tag == "a" and len(parent.text_content() or "") > own + 40:
            return True
    return False


def _ld_stamps(ev: Evidence, keys: tuple[str, ...], language: str | None) -> list[tuple[Stamp, str]]:
    objects = [ev.article_data] if ev.article_data else []
    objects += [obj for obj in ev.jsonld if obj is not ev.article_data
                and ld_types(obj) & _DATED_TYPES]
    found = []
    for obj in objects:
        for key in keys:
            stamp = parse_date(ld_text(obj.get(key)), language)
            if stamp:
                found.append((stamp, "json-ld"))
    return found


def _meta_stamps(ev: Evidence, keys: tuple[str, ...], language: str | None) -> list[tuple[Stamp, str]]:
    found = []
    several = {k: v for k, v in ev.meta.items() if " " in k}  # itemprop="datePublished dateCreated"
    for key in keys:
        values = list(ev.meta.get(key, ()))
        values += [v for k, vs in several.items() if key in k.split() for v in vs]
        for value in values:
            stamp = parse_date(value, language)
            if stamp:
                found.append((stamp, "meta"))
    return found


@dataclass
class _ElementDates:
    """Dates of the document's elements, found in one pass: ``itemprop``
    microdata (``<meta itemprop>`` is read with the meta tags) and the
    ``<time>`` elements of the article (not of teasers): their ``datetime``,
    else their text."""

    microdata_published: list[tuple[Stamp, str]] = field(default_factory=list)
    microdata_modified: list[tuple[Stamp, str]] = field(default_factory=list)
    time_published: list[tuple[Stamp, str]] = field(default_factory=list)
    time_modified: list[tuple[Stamp, str]] = field(default_factory=list)


def _element_dates(ev: Evidence, language: str | None) -> _ElementDates:
    found = _ElementDates()
    for el in _DATE_ELEMENTS(ev.tree):
        props = (el.get("itemprop") or "").split()
        if "datePublished" in props or "dateModified" in props:
            stamp = parse_date(el.get("content") or el.get("datetime") or el.text_content(), language)
            if stamp:
                target = found.microdata_published if "datePublished" in props else found.microdata_modified
                target.append((stamp, "microdata"))
        elif el.tag == "time":
            stamp = parse_date(el.get("datetime") or el.text_content(), language)
            if not stamp or _in_teaser(el):
                continue
            hints = _class_of(el) + " " + _class_of(el.getparent())
            target = found.time_modified if _MODIFIED_CLASS.search(hints) else found.time_published
            target.append((stamp, "page"))
    return found


def _printed_texts(ev: Evidence) -> list[str]:
    """Short texts of the elements that usually print the date, in page
    order: those named for dates or meta data, and the byline's containers
    (not those of teasers)."""
    if ev.tree.body is None:
        return []
    marked = [(el, _class_of(el)) for el in _MARKED(ev.tree.body)]
    near_byline = set()
    for el, names in marked:
        if _BYLINE_HINT.search(names) or el.get("rel") == "author":
            near_byline.update(list(el.iterancestors())[:2])
    chosen = {el for el, names in marked if _DATE_HINT.search(names)} | near_byline
    today = {el for el, names in marked if _TODAY_HINT.search(names)}
    texts = []
    for el in ev.tree.body.iter():
        if el not in chosen or el.tag in _SKIP_TAGS:
            continue
        text = el.text_content()
        if (text and len(text) <= _MAX_PRINTED_DATE and _DIGIT.search(text) and not _in_teaser(el)
                and not any(inner in today for inner in el.iter())):
            texts.append(text)
    return texts


#: How far around the headline a printed date is looked for: texts after it, then before it,
#: captions apart (the day a picture was taken).
_AFTER_HEADLINE = etree.XPath("following::text()[normalize-space()][not(ancestor::figure)][position() <= $n]")
_BEFORE_HEADLINE = etree.XPath("preceding::text()[normalize-space()][not(ancestor::figure)][position() <= $n]")
_LINES_AFTER = 40
_LINES_BEFORE = 10
_TEXT_IS = etree.XPath("//body//text()[normalize-space() = $text]")


def _printed_headline(ev: Evidence, headline: str | None) -> etree._Element | None:
    """The element that prints the headline: the page's visible heading,
    else the first element whose text is the headline (taken from the
    structured data, printed in a heading of no kind the headline step
    reads)."""
    headings = visible_headings(ev)
    if headings:
        return headings[0][0]
    if not headline:
        return None
    node = next(iter(_TEXT_IS(ev.tree, text=headline)), None)
    return None if node is None else node.getparent().getparent() if node.is_tail else node.getparent()


def _headline_texts(ev: Evidence, headline: str | None) -> list[str]:
    """Short lines printed near the page's headline, the nearest first
    after it, then before it (a date line above the headline): where a page
    without date markup prints its date, however deep its layout nests it.
    A line is the element a text is in, when that is short: a label
    ("Updated") stays with its date."""
    heading = _printed_headline(ev, headline)
    if heading is None:
        return []
    texts = []
    for node in [*_AFTER_HEADLINE(heading, n=_LINES_AFTER), *reversed(_BEFORE_HEADLINE(heading, n=_LINES_BEFORE))]:
        owner = node.getparent()
        if node.is_tail:
            owner = owner.getparent()
        if owner is None or owner.tag in _SKIP_TAGS or not _DIGIT.search(node):
            continue
        line = clean_text(owner.text_content())
        if len(line) > _MAX_DATE_LINE:
            line = clean_text(node)
        if len(line) <= _MAX_DATE_LINE and not _in_teaser(owner):
            texts.append(line)
    return texts


def _own_printed(ev: Evidence, language: str | None, times: list[tuple[Stamp, str]],
                 headline: str | None) -> Iterator[list[Stamp]]:
    """The dates the page prints as its own (not labelled as an update), by
    where they are: in date elements, in the article's ``<time>``, on lines
    near the headline; each group read only when asked for."""
    yield _own_stamps(_printed_texts(ev), language)
    yield [stamp for stamp, _ in times]
    yield _own_stamps(_headline_texts(ev, headline), language)


def _printed_before(printed: Iterator[list[Stamp]], declared: Stamp) -> tuple[Stamp, str] | None:
    """The first date the page prints as its own, when it is a day earlier
    than the ``declared`` publication date: a CMS that stamps the
    publication date again on every save declares it no earlier than the
    modification, and the page still prints the original one."""
    first = next((stamps[0] for stamps in printed if stamps), None)
    return (first, "page") if first and first.moment.date() < declared.moment.date() else None


def _printed_choice(declared: list[tuple[Stamp, str]], printed: Iterator[list[Stamp]]) -> tuple[Stamp, str]:
    """Of declared publication dates on different days (JSON-LD and a meta
    tag that disagree), the first one the page prints; else the first."""
    days = {stamp.moment.date() for stamps in printed for stamp in stamps}
    return next((candidate for candidate in declared if candidate[0].moment.date() in days), declared[0])


def _own_stamps(texts: list[str], language: str | None) -> list[Stamp]:
    """The dates of ``texts`` not labelled only as an update."""
    return [stamp for text in texts if not _only_updated(text) and (stamp := parse_date(text, language))]


def _only_updated(text: str) -> bool:
    return bool(_UPDATED_LABEL.search(text)) and not _PUBLISHED_LABEL.search(text)


def _printed_stamps(texts: list[str], language: str | None) -> list[tuple[Stamp, str]]:
    """Printed dates in page order, those after a label of the first
    publication ("originally published on") first, those labelled only as
    an update last."""
    first = [parse_date(text[label.end():], language) for text in texts
             if (label := _FIRST_PUBLISHED_LABEL.search(text))]
    dated = [(text, parse_date(text, language)) for text in texts]
    ordered = sorted(dated, key=lambda item: _only_updated(item[0]))
    return [(stamp, "page") for stamp in first if stamp] + [(stamp, "page") for _, stamp in ordered if stamp]


def _dateparser_stamps(texts: list[str], language: str | None) -> list[tuple[Stamp, str]]:
    """dateparser on the first few short printed texts with a year, in the
    page's language only: slow, so the last resort for forms the patterns
    above do not know."""
    if not language:
        return []
    import dateparser  # imported on first need: it is slow to load

    found: list[tuple[Stamp, str]] = []
    for text in [t for t in texts if len(t) <= 80 and _YEAR.search(t)][:_DATEPARSER_TRIES]:
        try:
            moment = dateparser.parse(text, languages=[language.split("-")[0]], settings=_DATEPARSER_SETTINGS)
        except ValueError:  # a language dateparser does not know
            return found
        if moment and MIN_YEAR <= moment.year <= MAX_YEAR:
            has_time = bool(_CLOCK.search(text))
            found.append((Stamp(moment if has_time else datetime.combine(moment.date(), datetime.min.time()),
                                has_time), "page"))
    return found


def _title_stamps(ev: Evidence, language: str | None) -> list[tuple[Stamp, str]]:
    title = ev.tree.findtext(".//title")
    stamp = parse_date(title, language) if title and len(title) < 300 else None
    return [(stamp, "page")] if stamp else []


def _htmldate_stamps(ev: Evidence) -> list[tuple[Stamp, str]]:
    """htmldate's day, from the markup's date attributes and elements and
    from the URL: the last resort, for the few pages that print their date
    nowhere the steps before look.  Its extensive search (dateparser, every
    language, over any text of the page) is left off: across the web
    (``corpus-web``) it gave a day to 18 of the 126 pages whose gold has
    none, and the right day to one page that has one (two wrong), at 2 s a
    process (dateparser compiling the patterns of every locale) and 18 ms
    on each page it ran on.  htmldate makes a year alone the 1st of
    January: that is no day."""
    from htmldate import find_date

    day = find_date(ev.tree, extensive_search=False, original_date=True, url=ev.url)
    stamp = parse_date(day) if day else None
    if stamp is None or (stamp.moment.month, stamp.moment.day) == (1, 1):  # a year alone (a copyright line), padded
        return []
    return [(Stamp(stamp.moment, False), "page")]


# -- choosing -----------------------------------------------------------------


def _sharper(chosen: Stamp, twins: Callable[[], list[Stamp]]) -> Stamp:
    """``chosen`` or a twin of it that says more: the same moment with an
    offset (or with the page's local offset instead of UTC), or the same
    day with a time.  ``twins`` is only called when something can be added."""
    if chosen.has_time and chosen.has_offset and chosen.moment.utcoffset():
        return chosen
    candidates = twins()
    for twin in candidates:
        if not chosen.has_time:
            if twin.has_time and twin.moment.date() == chosen.moment.date():
                return _sharper(twin, lambda: candidates)
        elif not chosen.has_offset and twin.has_time and twin.has_offset:
            as_utc = twin.moment.astimezone(timezone.utc).replace(tzinfo=None)
            if chosen.same_wall_clock(twin) or abs(as_utc - chosen.moment) <= _TOLERANCE:
                return twin
    if chosen.has_offset:
        for twin in candidates:
            if twin.has_offset and twin.moment.utcoffset() and twin.same_instant(chosen):
                return twin
    return chosen


def _same_moment(stamp: Stamp, other: Stamp) -> bool:
    """The same instant, or the same wall clock with another offset or none
    (a page writing one time once with its zone, once without)."""
    return stamp.has_time and other.has_time and (stamp.same_instant(other) or stamp.same_wall_clock(other))


def _after(stamp: Stamp, limit: Stamp | None) -> bool:
    if limit is None:
        return False
    if not (stamp.has_time and limit.has_time) or stamp.has_offset != limit.has_offset:
        return stamp.moment.date() > limit.moment.date()
    return stamp.moment - limit.moment > _TOLERANCE


def _reference(article: Article) -> Stamp | None:
    """The fetch time: no page date can be later than that."""
    stamp = parse_date(article.fetched_at)
    return Stamp(stamp.moment + timedelta(days=1), False) if stamp else None


def url_day(url: str, language: str | None = None) -> date | None:
    """The day a URL names ("/2024/04/25/", "/2019/nov/18/", "/20240425/")."""
    path = urlsplit(url).path.lower()
    for match in _URL_DATE.finditer(path):
        month = match["month"]
        number = int(month) if month.isdigit() else month_names(language).get(month)
        try:
            return date(int(match["year"]), number, int(match["day"])) if number else None
        except ValueError:
            continue
    return None


# -- ages: how old a page is, for a crawl's max_age ------------------------------

def day_end(day: date) -> datetime:
    """The last moment of a day wherever on Earth (noon UTC the next day, in
    UTC-12): a page of that day is no younger."""
    return datetime(day.year, day.month, day.day, 12, tzinfo=timezone.utc) + timedelta(days=1)


def url_date(url: str) -> datetime | None:
    """The end of the day a URL names ("/2024/05/02/", "/20240502/")."""
    day = url_day(url)
    return day_end(day) if day else None


def older_than(url: str, moment: datetime | None, cutoff: datetime) -> bool:
    """Whether a page dated ``moment`` (else by the day its URL names) is
    older than ``cutoff``; an undated page is not."""
    moment = moment or url_date(url)
    return moment is not None and moment < cutoff


def age_cutoff(max_age: timedelta, now: datetime | None = None) -> datetime:
    """The moment ``max_age`` before ``now`` (the clock's, by default)."""
    return (now or datetime.now(timezone.utc)) - max_age


def latest_instant(text: str | None) -> datetime | None:
    """The latest instant a date of an article (``published``, ``fetched_at``)
    can mean, timezone-aware: a day alone as its ``day_end``, a time without
    an offset as UTC; ``None`` for no date."""
    stamp = parse_date(text)
    if stamp is None:
        return None
    if not stamp.has_time:
        return day_end(stamp.moment.date())
    return stamp.moment if stamp.has_offset else stamp.moment.replace(tzinfo=timezone.utc)


def _pick(groups, acceptable) -> tuple[Stamp, str] | None:
    for group in groups:
        for stamp, source in group():
            if acceptable(stamp):
                return stamp, source
    return None


def _page_published(ev: Evidence, language: str | None, times: list[tuple[Stamp, str]],
                    latest: list[Stamp | None], headline: str | None) -> tuple[Stamp, str] | None:
    """The publication date from the visible page, for pages that declare none."""
    day = url_day(ev.url, language)

    def plausible(stamp: Stamp) -> bool:
        """Not later than the fetch or the modification; the URL's day
        (give or take a time zone) when it names one."""
        if any(_after(stamp, limit) for limit in latest):
            return False
        return day is None or abs(stamp.moment.date() - day) <= timedelta(days=1)

    url_stamp = [(Stamp(datetime.combine(day, datetime.min.time()), False), "url")] if day else []
    texts = cache(lambda: _printed_texts(ev))
    return _pick((lambda: times, lambda: _printed_stamps(texts(), language),
                  lambda: _printed_stamps(_headline_texts(ev, headline), language), lambda: _title_stamps(ev, language),
                  lambda: _dateparser_stamps(texts(), language), lambda: url_stamp,
                  lambda: _htmldate_stamps(ev)), plausible)


def page_locale(article: Article, ev: Evidence) -> str | None:
    """The page's language with its country when the page states one
    ("en-gb"), else the article's language: how it writes numeric dates."""
    if not article.language:
        return None
    for value in (first_meta(ev, "og:locale"), ev.tree.get("lang"), ld_text(ev.article_data.get("inLanguage"))):
        value = (value or "").replace("_", "-").lower()
        if value.startswith(article.language + "-"):
            return value
    return article.language


def fill_dates(article: Article, ev: Evidence) -> None:
    language = page_locale(article, ev)
    now = _reference(article)

    def not_future(stamp: Stamp) -> bool:
        return not _after(stamp, now)

    elements = cache(lambda: _element_dates(ev, language))  # one pass over the tree, when needed
    declared_modified = _ld_stamps(ev, LD_MODIFIED, language) + _meta_stamps(ev, META_MODIFIED, language)
    modified = _pick((lambda: declared_modified, lambda: elements().microdata_modified,
                      lambda: elements().time_modified), not_future)
    declared = _ld_stamps(ev, LD_PUBLISHED, language) + _meta_stamps(ev, META_PUBLISHED, language)

    def printed() -> Iterator[list[Stamp]]:
        return _own_printed(ev, language, elements().time_published, article.headline)

    # a declared publication at the very moment of the modification is a save's, not the first publication's
    choices = [candidate for candidate in declared if not_future(candidate[0])
               and not (modified and _same_moment(candidate[0], modified[0]))]
    if len({stamp.moment.date() for stamp, _ in choices}) > 1:
        published: tuple[Stamp, str] | None = _printed_choice(choices, printed())
    else:
        published = _pick((lambda: declared, lambda: elements().microdata_published), not_future) or _page_published(
            ev, language, elements().time_published, [now, modified[0] if modified else None], article.headline)
    if published and modified and published[1] != "page" and (not _after(modified[0], published[0])
                                                              or _same_moment(modified[0], published[0])):
        published = _printed_before(printed(), published[0]) or published

    if published:
        stamp, source = published
        article.published = _sharper(stamp, lambda: [s for s, _ in declared + elements().microdata_published
                                                     + elements().time_published]).iso()
        article.sources["published"] = source
    if modified and not (published and _after(published[0], modified[0])):
        stamp, source = modified
        article.modified = _sharper(stamp, lambda: [s for s, _ in declared_modified + elements().microdata_modified
                                                    + elements().time_modified]).iso()
        article.sources["modified"] = source
