"""Authors: bylines split into names.

Sources, most trusted first: JSON-LD ``author`` (Person objects, ``@id``
references, strings), ``<meta>`` author tags, and the visible byline
(``rel=author``/``itemprop=author``, links to author pages, elements with
byline/author class names, the name an author box opens with before its
biography).  An organisation (the publisher, the site) is
kept as the author only when no source names a person.
"""
from __future__ import annotations

import re

from functools import cache, lru_cache
from itertools import takewhile

from lxml import etree

from ..items import Article, Evidence
from .evidence import first_meta, ld_types, resolve_ld
from .headline import name_key, site_keys
from .text import BY, BY_WORDS, HIDDEN_CLASS, clean_text, named_classes

_META_KEYS = ("author", "article:author", "dc.creator", "dcterms.creator", "parsely-author",
              "sailthru.author", "byl", "cxenseparse:author")
#: How "Written by" labels a meta tag, and how many labelled tags a page has.
_WRITTEN_BY = re.compile(r"\s*(?:written|posted|verfasst|geschrieben)\s+(?:by|von)\s*|\s*(?:author|autor|auteur)\s*", re.I)
_LABELLED_TAGS = 4
_ORG_TYPES = {"organization", "newsmediaorganization", "corporation", "newsorganization", "brand"}

_LEAD = re.compile(
    r"^(?:(?:(?:written|reported|reporting|words|text|story|edited|compiled|article|posted)\s+by|" + BY + r"|"
    r"przez|от|автор|글|文|tekst|texto|testo|autor(?:in)?|autoren|autorzy|author|authors|auteur|auteurs|"
    r"verfasst\s+von|text\s+und\s+fotos?|text)\b[\s:：]*|(?-i:(?:di|da|de)\s+(?=[A-ZÀ-Þ])))", re.I)
#: Between names: commas, ampersands, slashes and "and" in many languages.
_LIST = re.compile(r"\s*[,;、，]\s*")
_AND = re.compile(r"\s*(?:[&+/]|\s(?:and|und|et|y|e|en|og|och|ja|és|i|oraz|и|та|a|ve|dan|with|mit|avec|con)\s)\s*")
#: A list item longer than this is a description ("Professor of ... and ..."), not names.
_MAX_ITEM_WORDS = 7
#: A list item that is a position ("Head of Marketing and Community
#: Development"): none of its pieces is a name.
_POSITION = re.compile(r"(?:head|director|vice\s+president|vp|chief|manager|lead|professor)\s+of\b", re.I)
_AGENCY_NAMES = ("associated press", "agence france-presse", "deutsche presse-agentur", "reuters")
_AGENCIES = {"ap", "afp", "dpa", "reuters", "apa", "kna", "epd", "sda", "ansa", "efe", "anp", "pa", "upi",
             "tass", "xinhua", "ria", "pap", "ntb", "tt", "belga", "ats", "sid", "ddp", "dapd", "aa", "ctk"}
#: Job titles that follow or precede a name in a byline (journalists' and others').
_ROLE = re.compile(
    r"(?:\b(?:senior|chief|deputy|staff|contributing|political|business|sports?|lifestyle|foreign|"
    r"digital|news|freelance|special)?\s*(?-i:[A-Z]{2,4}\s+)?(?:reporter|correspondent|writer|editor|journalist|columnist|"
    r"contributor|producer|photographer|analyst|redakteur(?:in)?|korrespondent(?:in)?|reporter(?:in)?|"
    r"journalistin|autorin|rédacteur|rédactrice|envoyée?\s+spéciale?|corresponsal|redactora?|"
    r"giornalista|inviato|dziennikarz|korespondent|journalisti|toimittaja|"
    r"(?:co-?)?founder|ceo|cto|coo|cfo|cmo|president|director|manager|engineer|developer|designer|consultant|"
    r"specialist|strategist|coordinator|marketer|officer|scientist|researcher|professor|advisor)s?\b"
    r"|\s*(?:기자|特派員|記者|记者|編集委員|論説委員)\s*$)", re.I)
_WEEKDAYS = (r"mon|tue|wed|thu|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday|montag|dienstag|mittwoch|donnerstag|"
             r"freitag|samstag|sonntag|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lunes|martes|miércoles|"
             r"jueves|viernes|sábado|domingo")
_MONTHS = (r"jan(?:uary|uar)?|feb(?:ruary|ruar)?|mar(?:ch)?|märz|apr(?:il)?|may|mai|june?|juni|july?|juli|"
           r"aug(?:ust)?|sep(?:t|tember)?|oct(?:ober)?|okt(?:ober)?|nov(?:ember)?|dec(?:ember)?|dez(?:ember)?")
#: Where a byline turns into its date: the first digit, a word like
#: "Updated", a day or month name before a number, "on" before a date.
_DATE_OR_TIME = re.compile(
    r"\d|\b(?:(?:last\s+)?updated|published|posted|aktualisiert|veröffentlicht|stand|mis à jour|publié|actualizado|"
    r"publicado|aggiornato|pubblicato)\b"
    rf"|\b(?:{_WEEKDAYS})\b(?=,|\s+\d)|\b(?:{_MONTHS})\.?(?=\s+\d)"
    rf"|\s(?-i:on)\s+(?=\d|(?:{_WEEKDAYS}|{_MONTHS})\b)", re.I)
#: A dash between spaces: a role or description follows the names ("Jane Roe - Product marketer").
_DASHED = re.compile(r"\s[-–—]\s")
_LOCATION = re.compile(r"\s+(?:in|aus|from|à)\s+[A-ZÀ-Þ][\w.-]*(?:\s+[A-ZÀ-Þ][\w.-]*)?$")
_PARENS = re.compile(r"\s*[(\[]([^)\]]*)[)\]]\s*")
_EMAIL_OR_URL = re.compile(r"\S+@\S+|https?://\S+|www\.\S+|@\w+")
_USER_NAME = re.compile(r"\S*[._\d]\S*")
_SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)+$")
_DOMAIN = re.compile(r"^[\w-]+(?:\.[\w-]+)*\.[a-z]{2,3}$", re.I)
_SEGMENT = re.compile(r"\s*[|•·]\s*")
#: "Brand von A": a byline word after other text starts the names.
_MID_LEAD = re.compile(r"\s(?:" + "|".join(f"{w.capitalize()}|{w}|{w.upper()}" for w in BY_WORDS)
                       + r")\s+(?=[A-ZÀ-Þ])")
_NOT_IN_NAMES = re.compile(r"[\d?!:;\"“”„«»=<>{}]")
#: Longer text is a paragraph or a widget, not a byline.
_MAX_BYLINE = 200
_LETTER = re.compile(r"[^\W\d_]")
_WORD_LETTERS = re.compile(r"[^\W\d_]+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_NOT_NAMES = {"twitter", "facebook", "linkedin", "instagram", "bluesky", "threads", "mastodon", "youtube", "tiktok",
              "pinterest", "reddit", "whatsapp", "telegram", "xing", "email", "e-mail", "mail", "follow", "folgen",
              "more", "mehr", "share", "teilen", "comments", "kommentare", "read more", "about", "bio",
              "author", "authors", "autor", "autoren", "by", "von", "and", "und", "profile", "home",
              "フォロー", "すべて見る", "x", "rss", "contact", "kontakt", "subscribe", "newsletter",
              "agencies", "agences", "agencias", "agenturen", "agenzie", "wires",
              "admin", "administrator", "webmaster", "user", "guest", "phd", "md", "rdn", "mph"}
#: Words no name starts or ends with.
_FUNCTION_WORDS = {"from", "of", "at", "with", "for", "to", "and"}
#: "List" and "index" in CJK link texts ("著者一覧", the list of authors).
_CJK_NOT_NAME = re.compile(r"一覧|列表|목록")
#: Words of link texts like "Our authors", "Alle Autoren", "View profile".
_NOT_NAME_WORDS = {"author", "authors", "autor", "autoren", "auteurs", "writers", "journalists",
                   "contributors", "our", "unsere", "all", "alle", "view", "profile", "meet"}

#: Class or id vocabulary of byline elements, and of regions whose bylines
#: belong to other articles (teasers, related stories, comments).
_BYLINE_CLASS = re.compile(
    r"(?:^|[\s_-]|(?-i:(?<=[a-z])(?=[A-Z])))(?:by-?line|author|autor|auteur|writer|reporter|journalist|"
    r"contributor|verfasser|firma|signature)(?:s|es|in|innen|en|name|names|info|list|box|wrap|wrapper|link|"
    r"links|text)?(?=$|[\s_-])", re.I)
_NOT_BYLINE_CLASS = re.compile(r"comment|teaser|related|popular|recommend|more-from|latest|trending|"
                               r"footer|sidebar|widget|form|avatar|image|img|photo|foto|bild|picture|social|share|"
                               r"follow|desc|bio|tooltip|label|date|time", re.I)
_OTHER_ARTICLES = re.compile(r"comment|teaser|related|popular|recommend|more-from|latest|trending|"
                             r"sidebar|footer|menu|navigation", re.I)
_AUTHOR_HREF = re.compile(r"/(?:author|authors|autor|autoren|autorzy|auteur|auteurs|journalist|journalists|"
                          r"reporter|writer|writers|contributor|contributors|staff|people|profile|redakteur|"
                          r"redaktion/autor|kirjoittaja|giornalisti|firmas?)(?:/|s/|$|\?)", re.I)
_CREDIT_XPATH = '//text()[contains(., "责编") or contains(., "责任编辑")]'
_CREDIT_LINE = re.compile(r"(?:责编|责任编辑)\s*[：:]\s*([^）)\n]+)")
_THE = re.compile(r"^the\s+", re.I)
#: A text a byline word opens, followed by a capitalised name or by
#: nothing (the name in the next element), or a date ends ("May 2, 2024 by").
_LEAD_TEXT = re.compile(
    rf"\s*(?:(?:written|posted|published|article|words|story|reported|text)\s+)?(?:{BY})\b\s*:?\s*(?:$|(?-i:[A-ZÀ-Þ]))",
    re.I)
_DATE_THEN_BY = re.compile(rf"\d\W{{0,3}}\s(?:{BY}):?\s*$", re.I)
_MAX_LEAD_TEXT = 120
#: How many texts of an author box are read for the name it opens with.
_BOX_NAME_TEXTS = 3
_BODY_TEXTS = etree.XPath("//body//text()")
_TEXTS = etree.XPath(".//text()[not(ancestor::script) and not(ancestor::style)]")
_SKIP_TAGS = {"meta", "link", "script", "style", "img", "input", "textarea", "button", "svg"}


def _key(name: str) -> str:
    """A name folded as the corpus scorer compares names: case and spaces."""
    return " ".join(name.casefold().split())


def clean_name(part: str) -> str | None:
    """One name from a piece of byline, or None when the piece is no name
    (a role, a date, a handle, a sentence)."""
    part = _EMAIL_OR_URL.sub(" ", part)
    part = _LEAD.sub("", part.strip(" \t-–—:|,.")).strip()
    role = _ROLE.search(part)
    if role:  # "Name, Staff Writer": drop from the role on; "Staff Writer Name": drop the role
        part = part[role.end():] if role.start() == 0 else part[:role.start()]
    part = part.strip(" ,-–—:|")
    part = _LOCATION.sub("", part)
    part = clean_text(part).strip(" ,;:-–—|*·")
    if not part or not _LETTER.search(part) or _NOT_IN_NAMES.search(part) or part.casefold() in _NOT_NAMES:
        return None
    if _CJK.search(part):
        return part if len(part) <= 12 and " " not in part.strip() and not _CJK_NOT_NAME.search(part) else None
    words = part.split()
    if any(w.casefold() in _NOT_NAME_WORDS for w in words):
        return None
    half = len(words) // 2
    if len(words) % 2 == 0 and words[:half] == words[half:]:  # a name printed twice in a row
        words = words[:half]
        part = " ".join(words)
    if len(words) == 1 and len(part) < 3 and part.casefold() not in _AGENCIES:
        return None
    if len(words) > 5 or len(part) > 50 or _DATE_OR_TIME.search(part):
        return None
    if len(words) > 1 and {words[0].casefold(), words[-1].casefold()} & _FUNCTION_WORDS:
        return None  # a label or a piece of one: "Insights from", "of Marketing"
    if len(words) > 1 and part.isupper():  # "By ELLIE GRANT": capitals are the byline's style
        part = _WORD_LETTERS.sub(lambda m: m[0].capitalize() if len(m[0]) > 1 else m[0], part)
    return part


def split_byline(text: str | None) -> list[str]:
    """The names of a byline: "By A, B and C", "Von A und B", "A/AP",
    "A (dpa)", "글 A 기자" ... in page order, without duplicates.  Dates,
    roles and handles are dropped; a domain name only counts when it is
    the whole byline."""
    if not text:
        return []
    agencies = [m for m in _PARENS.findall(text) if m.strip().casefold() in _AGENCIES]
    text = _EMAIL_OR_URL.sub(" ", _PARENS.sub(" ", text))
    names: list[str] = []
    for segment in _SEGMENT.split(text):
        segment = _DATE_OR_TIME.split(_LEAD.sub("", clean_text(segment)), 1)[0]
        segment = _DASHED.split(segment, 1)[0]
        for item in _LIST.split(segment.strip()):
            if len(item.split()) > _MAX_ITEM_WORDS or _POSITION.match(item):
                continue
            for piece in _AND.split(item):
                name = clean_name(piece)
                if name and _key(name) not in map(_key, names):
                    names.append(name)
    names += [a for a in agencies if _key(a) not in map(_key, names)]
    people = [n for n in names if not _DOMAIN.match(n)]
    return people or names


def _ld_item_names(item) -> tuple[list[str], bool]:
    """The names of one JSON-LD author entry, and whether it is typed as
    an organisation."""
    if isinstance(item, str):
        return split_byline(item), False
    if not isinstance(item, dict):
        return [], False
    name = item.get("name")
    if isinstance(name, list):
        name = next((n for n in name if isinstance(n, str)), None)
    if not isinstance(name, str) or not name.strip():
        name = " ".join(p for p in (item.get("givenName"), item.get("familyName")) if isinstance(p, str))
    if ld_types(item) & _ORG_TYPES:
        return [n for n in [clean_text(name)] if n and not _EMAIL_OR_URL.fullmatch(n)], True
    return split_byline(name), False


def _ld_names(ev: Evidence, value) -> tuple[list[str], set[str]]:
    """The names of a JSON-LD ``author`` value in order (``@id``
    references resolved), and the folded names of organisations."""
    names: list[str] = []
    orgs: set[str] = set()
    for item in value if isinstance(value, list) else [value]:
        item_names, is_org = _ld_item_names(resolve_ld(ev, item))
        for name in item_names:
            if _key(name) not in map(_key, names):
                names.append(name)
            if is_org:
                orgs.add(_key(name))
    return names, orgs


def is_site_name(name: str, sites: set[str]) -> bool:
    """Whether ``name`` is the site or publisher rather than a person:
    it starts with a site name ("Example.com", "Daily Example Business")
    or is the start of one ("Daily Example" of "Daily Example Online")."""
    key = name_key(_THE.sub("", name))
    return bool(key) and any(key == s or len(s) >= 3 and key.startswith(s)
                             or len(key) >= 3 and s.startswith(key) for s in sites)


def jsonld_authors(ev: Evidence) -> tuple[list[str], set[str]]:
    data = ev.article_data
    return _ld_names(ev, data.get("author") or data.get("creator"))


def _labelled_meta(ev: Evidence) -> list[str]:
    """Values of the ``twitter:dataN`` tags whose ``twitter:labelN`` says
    "Written by" (as SEO plugins write the author for link previews)."""
    return [value for n in range(1, _LABELLED_TAGS + 1)
            if _WRITTEN_BY.fullmatch(first_meta(ev, f"twitter:label{n}") or "")
            for value in [first_meta(ev, f"twitter:data{n}")] if value]


def meta_authors(ev: Evidence) -> list[str]:
    """Names from the first author meta tag (or tag labelled "Written by")
    that holds names (URLs, e-mail addresses, user-name slugs and numeric
    ids are skipped)."""
    for value in [first_meta(ev, key) for key in _META_KEYS] + _labelled_meta(ev):
        if value and not _EMAIL_OR_URL.match(value.strip()) and not _SLUG.match(value.strip()):
            names = split_byline(value)
            if names:
                return names
    return []


def _text(el) -> str:
    """Visible text of ``el`` with its pieces kept apart: scripts, styles
    and text for screen readers only left out."""
    return " ".join(_visible_texts(el))


def _visible_texts(el) -> list[str]:
    """The text pieces of ``el`` that ``_text`` joins."""
    return [t for t in _TEXTS(el) if not any(HIDDEN_CLASS.search(a.get("class") or "") for a in _owners(t, el))]


def _owners(text, el):
    """The elements holding a text node of ``el``, from its own up to ``el``."""
    owner = text.getparent()
    if text.is_tail:
        owner = owner.getparent()
    while owner is not None:
        yield owner
        if owner is el:
            return
        owner = owner.getparent()


def _in_other_articles(el) -> bool:
    """Whether ``el`` sits in teasers, related stories, comments, navigation
    or the page's footer (an ``<article>``'s own footer is the article's)."""
    for anc in el.iterancestors():
        if anc.tag in ("article", "main", "body"):
            return False
        if anc.tag == "footer" and next(anc.iterancestors("article"), None) is not None:
            continue
        if anc.tag in ("aside", "footer", "nav", "form") or _OTHER_ARTICLES.search(
                named_classes(anc.get("class")) + " " + (anc.get("id") or "")):
            return True
    return False


def _byline_names(el) -> list[str]:
    """Names in one byline element: its author links when it has some,
    else its text."""
    links = [a for a in el.iter("a") if a is not el and _AUTHOR_HREF.search(a.get("href") or "")]
    if links:
        names = [n for a in links for n in split_byline(_text(a))]
        if names:
            return names
    texts = _visible_texts(el)
    text = clean_text(" ".join(texts))
    lead = _MID_LEAD.search(text)
    names = split_byline(text[lead.end():] if lead else text) if len(text) <= _MAX_BYLINE else []
    return names or (_box_name(texts) if _is_author_box(el, texts) else [])


def _is_author_box(el, texts: list[str]) -> bool:
    """Named an author box by its class, or opened by a byline label alone ("Written by")."""
    if _BYLINE_CLASS.search(f"{el.get('class') or ''} {el.get('id') or ''}"):
        return True
    first = next((clean_text(t) for t in texts if t.strip()), "")
    return bool(first) and not _LEAD.sub("", first).strip()


def _box_name(texts: list[str]) -> list[str]:
    """The name an author box (an element its class names so) opens with,
    before the biography ("Jane Roe" then "Jane Roe is a reporter who
    ..."): one of its first few texts that is one name alone, not a label
    ("Website:")."""
    for text in [t for t in texts if t.strip()][:_BOX_NAME_TEXTS]:
        names = split_byline(text) if len(text) <= _MAX_LEAD_TEXT and not text.rstrip().endswith(":") else []
        if len(names) == 1:
            return names
    return []


def _text_bylines(tree) -> set:
    """Elements holding a byline its words introduce ("By Jane Roe",
    "Written by <a>Jane Roe</a>", "May 2, 2024 by Jane Roe"): the element
    such a text opens, or the one around it when that holds the byline
    words alone."""
    found = set()
    for text in _BODY_TEXTS(tree):
        if len(text) > _MAX_LEAD_TEXT or not (_LEAD_TEXT.match(text) or _ends_with_by(text) and _DATE_THEN_BY.search(text)):
            continue
        owner = text.getparent().getparent() if text.is_tail else text.getparent()
        if owner is None or owner.tag in ("script", "style"):
            continue
        if clean_text(owner.text_content()) == clean_text(text) and not _LETTER.search(_LEAD.sub("", clean_text(text))):
            owner = owner.getparent()
        if owner is not None and clean_text(owner.text_content()).startswith(clean_text(text)):
            found.add(owner)
    return found


def _ends_with_by(text: str) -> bool:
    return text.rstrip(" \t\n:").rpartition(" ")[2].casefold() in BY_WORDS


def _byline_candidates(tree) -> list:
    """Elements that may hold a byline, in page order: marked as author
    (``rel``, ``itemprop``), links to an author page, elements with
    byline/author class vocabulary (but not image credits and the like),
    elements whose text a byline word introduces."""
    introduced = _text_bylines(tree)
    found = []
    for el in tree.iter(etree.Element):
        if el.tag in _SKIP_TAGS or not (el.attrib or el in introduced):
            continue
        if el.get("rel") == "author" or el.get("itemprop") in ("author", "creator") or el in introduced:
            found.append(el)
        elif el.tag == "a" and _AUTHOR_HREF.search(el.get("href") or ""):
            found.append(el)
        elif _byline_marks(f"{el.get('class') or ''} {el.get('id') or ''}"):
            found.append(el)
    return found


@lru_cache(maxsize=4096)  # pages use a few class names on many elements
def _byline_marks(marks: str) -> bool:
    """Whether a class and id name a byline (and not a credit or the like)."""
    return bool(_BYLINE_CLASS.search(marks)) and not _NOT_BYLINE_CLASS.search(marks)


def page_authors(ev: Evidence) -> list[str]:
    """Names of the first visible byline of the page outside teasers,
    related stories and comments: of the innermost byline elements in it
    that name someone (the name in a box that also gives the role, the
    bio, the date), the first and those marked up as it is, else of its
    own text."""
    candidates = [el for el in _byline_candidates(ev.tree) if not _in_other_articles(el)]
    names_of = cache(_byline_names)
    for i, el in enumerate(candidates):
        inside = list(takewhile(lambda c: el in c.iterancestors(), candidates[i + 1:]))  # page order: its own follow it
        named = [c for c in inside if names_of(c)]
        leaves = [c for c in named if not any(c in d.iterancestors() for d in named)]
        kind = (leaves[0].tag, leaves[0].get("class")) if leaves else None
        names = [n for c in leaves if (c.tag, c.get("class")) == kind for n in names_of(c)] or names_of(el)
        if names:
            return list(dict.fromkeys(names))
    return []


def credit_line_authors(ev: Evidence) -> list[str]:
    """Names of a Chinese editor credit line, "(责编：A、B)", which such
    pages print in place of a byline."""
    for text in ev.tree.xpath(_CREDIT_XPATH):
        credit = _CREDIT_LINE.search(text)
        if credit:
            return split_byline(credit.group(1))
    return []


def drop_affiliations(names: list[str], sites: set[str]) -> list[str]:
    """Names without the outlet a byline adds to them ("Jill Doe, Daily
    Example Business", "Jane Roe Associated Press"), when persons remain."""
    people = [n for n in names if not is_site_name(n, sites)] or names
    out = []
    for name in people:
        words = name.split()
        for cut in range(max(2, len(words) - 3), len(words)):
            tail = " ".join(words[cut:])
            if is_site_name(tail, sites) or _THE.sub("", tail).casefold() in _AGENCY_NAMES:
                name = " ".join(words[:cut])
                break
        out.append(name)
    return out


def _has_person(names: list[str], sites: set[str], orgs: set[str] | tuple = ()) -> bool:
    """Whether ``names`` has one that is neither the site, an agency, an
    organisation nor a user name ("jane.roe", "admin_2")."""
    return any(not is_site_name(n, sites) and _key(n) not in _AGENCIES and _key(n) not in orgs
               and not _USER_NAME.fullmatch(n) for n in names)


def fill_authors(article: Article, ev: Evidence) -> None:
    """The authors as the first source that names a person credits them
    (JSON-LD, meta tags, the visible byline, in that order); failing any
    person, the organisation or agency the first source names."""
    sites = site_keys(ev)
    if article.publisher:
        sites.add(name_key(article.publisher))
    ld, orgs = jsonld_authors(ev)
    # a site name inside a person's entry ("A and B, The Daily Example") is
    # their affiliation; an organisation entry of its own is a credit
    names, source = [n for n in ld if _key(n) in orgs or not is_site_name(n, sites)] or ld, "json-ld"
    if not _has_person(ld, sites, orgs):
        for where, read in (("meta", meta_authors), ("page", page_authors), ("page", credit_line_authors)):
            found = read(ev)
            if _has_person(found, sites):
                names, source = drop_affiliations(found, sites), where
                break
            if found and not names:
                names, source = found, where
    if names:
        article.authors = names
        article.sources["authors"] = source
