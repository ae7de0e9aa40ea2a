"""Split a photo caption from the credit printed inside it.

Publishers print the credit inside the caption in a few recurring shapes:
a labelled tail ("Photo: Jane Doe", "Foto: dpa", "사진=연합뉴스", "Fot. Jan
Nowak"), a label and a name after a sentence ("Photo by Jane Doe", "图/新华社"),
a copyright sign ("© AFP"), a parenthesised tail ("(AP Photo/Jane
Roe)"), a tail after a bar, slash or dash ("| Getty Images",
"/ dpa", "/연합뉴스"), a last sentence naming an agency ("... an hour. AP"),
the Japanese "＝共同" or "（山田撮影）" and the Chinese "（李贺 摄）".
``split_credit`` recognises these and leaves any other parenthesis or slash
in the caption alone.
"""
from __future__ import annotations

import re

from .text import BY, clean_text

#: Words that introduce a credit, in the languages of the corpus and beyond.
CREDIT_LABELS = (
    r"photos?|photograph(?:y|er)?|pictures?|images?|credits?|source|copyright|illustrations?|graphics?|video"
    r"|fotos?|fotografie|fotograf(?:ia|ía)?|bild(?:er)?|quelle|grafik|abbildung"
    r"|foto(?:grafia)?|immagine|crédits?|cr[ée]dit photo|fuente|imagen|źródło|fot\.|zdj(?:ęcie)?\.?"
    r"|фото|источник|kuva|billede|nuotr\.?|nuotrauka|ljósmynd|mynd|skjáskot|isithombe|picha"
    r"|beeld|bron|imagem|fonte|crédito|kilde|källa|kaynak|fotoğraf|zdroj|fotó|forrás|sursa"
    r"|φωτογραφία|πηγή|صورة|المصدر|צילום|תמונה|фотографія|джерело|снимка|източник"
    r"|사진|写真|图片|圖片|图|圖|摄影|攝影|提供"
    r"|bildquelle|fotoquelle|bildnachweis|fotonachweis|bilde|kuvat|pilt|ilustracja|ilustração|ilustración|illustrazione|snimio|snimila|слика|світлина"
    r"|تصوير|الصورة|عکس|ảnh|sumber|gambar|larawan|ছবি|फोटो|तस्वीर|ภาพ"
)
#: A label of one or two of those words ("Image Credits", "Photo credit",
#: "Foto/Imagen", "Crédito de la foto").
_LABEL = (rf"(?:(?:{CREDIT_LABELS})(?:\s+(?:de\s+la|de|del|da|do|of)\s+|\s*/\s*|\s+))?"
          rf"(?:{CREDIT_LABELS})")
#: Names of picture agencies and libraries that make a bare tail a credit.
AGENCIES = (
    r"AP|AFP|dpa|Reuters|EPA|EFE|ANSA|Getty(?: Images)?|iStock(?:photo)?|Shutterstock|Imago|"
    r"picture[ -]alliance|Keystone|APA|ANP|Belga|PA(?: Images| Wire)?|AAP|Xinhua|Yonhap|Kyodo|"
    r"NTB|TT|Scanpix|Ritzau|Lehtikuva|Sipa|Alamy|Bloomberg|NurPhoto|SOPA|ZUMA|Anadolu|"
    r"Europa Press|Agencia|Wikimedia|Wikipedia|Unsplash|Pixabay|privat|handout|Supplied|Courtesy|"
    r"Antara|MTI|ČTK|TASS|ТАСС|РИА Новости|Ukrinform|Укрінформ|HINA|Tanjug|LETA|ELTA|Jiji|Bernama|PTI|IANS|"
    r"新华社|新華社|中新社|연합뉴스|뉴스1|뉴시스"
)
#: A label and the credit after a colon, "=", dash or "©" ("Foto © Jane Roe");
#: the Polish "Fot." and "Zdj." need none (the Lithuanian "nuotr." closes a
#: credit: "LRT nuotr.").
_SEPARATOR = r"(?::|=|：|-\s|©|(?<=fot\.|zdj\.)\s)"
#: (a closing bracket is the credit's own unless the label opened with one: "Foto: Jane Roe (Archiv)")
_LABELLED = re.compile(
    rf"(?:(?:^|(?<=[\s.,;:!?)\]\"'”’»]))(?P<open>[(\[])?|(?P<cjk_open>[(\[（【]))\s*{_LABEL}\s*{_SEPARATOR}"
    r"\s*(?P<credit>.{1,100}?)\s*(?(open)[)\]]?|(?(cjk_open)[)\]）】]?))\s*$",
    re.I,
)
#: A label and a name without a colon ("Photo by Jane Doe", "Foto/Jane Doe",
#: "Photo | Jane Doe", "图/新华社"), taken only at the start of the caption or after a sentence,
#: so that "a photo by the lake" or "(AP Photo/Jane Doe)" are not; the
#: sentence's full stop is not the credit's.
_ATTRIBUTED = re.compile(
    rf"(?:^|(?<=[.!?…\"'”’»)\]|]\s)|(?<=[.!?…\"”’»。！？]))[(\[]?\s*{_LABEL}(?:\s+(?:{BY})\s+|\s*[/|]\s*)"
    r"(?P<credit>[^()\[\]]{1,100}?)\.?\s*[)\]]?\s*$",
    re.I,
)
_COPYRIGHT = re.compile(r"(?:©|[(（][cｃ][)）]|(?<!\w)copyright)\s*(?P<credit>[^©()]+?)\s*\)?\s*$", re.I)
_PAREN_TAIL = re.compile(r"\((?P<credit>[^()]{2,80})\)\s*$")
#: A name in brackets after the caption's last sentence ("... for sale. (Bespoke Real Estate)"),
#: or in place of a caption.
_NAME_AFTER_SENTENCE = re.compile(r"(?:^|(?<=[.!?]))\s*\((?P<credit>[^()]{2,60})\)\s*$")
#: A word that ends with a label, as captions' own notes do ("Archivbild", "Symbolfoto").
_LABEL_COMPOUND = re.compile(rf"(?:{CREDIT_LABELS})$", re.I)
_SEPARATED_TAIL = re.compile(r"\s(?:[|/]|[–—-]\s)\s*(?P<credit>[^|/]{2,60}(?:/[^|/]{2,60})*)$")
_LAST_SENTENCE = re.compile(r"(?<=[\w)\"'”’][.!?])(?<![\s.][A-Z][.!?])\s+(?P<credit>[^.!?]{2,40})$")
#: Japanese captions end "＝共同" (agency) or "（山田太郎撮影）" (photographer),
#: Chinese ones "新华社记者 李贺 摄" or "（李贺 摄）" (photographed by).
_CJK_TAIL = re.compile(
    r"＝(?P<credit>[^＝、。\d０-９]{1,12})$|[（(](?P<by>[^（）()]{1,20}?)\s*(?:撮影|摄|攝)[)）]$"
    r"|(?<=[。！？\s])(?P<shot>[^。！？（）()\s][^。！？（）()]{0,20}?)\s*[摄攝]$")
_AGENCY = re.compile(rf"(?<![\w-])(?:{AGENCIES})(?![\w-])|(?<!\w)(?:{CREDIT_LABELS})(?!\w)", re.I)
_SLASHED = re.compile(r"^[^\s/][^/!?]{0,40}\s?/\s?\S[^!?]{0,40}$")
_LABELLED_START = re.compile(rf"\s*(?:©|[(（][cｃ][)）]|{_LABEL}\s*[:=：])\s*\S", re.I)
_MAX_LABELLED = 120
#: A label opening a credit, with its separator ("Foto: ", "Photo | ", "Credit... "); not
#: the "picture" of "picture alliance", nor the "Bild" of "Bildquelle".
_LABEL_ONLY = re.compile(rf"^(?!(?:{AGENCIES})(?!\w)){_LABEL}(?!\w)\s*(?:{_SEPARATOR}|[/|]|\.\.\.|…)?\s*", re.I)
#: "by …" before a photographer's name, in the languages of the bylines.
_BY = re.compile(rf"^(?:{BY}|di)\s+(?=\w)", re.I)
_COPYRIGHT_SIGN = re.compile(r"^(?:©|[(（][cｃ][)）])\s*", re.I)
_CREDIT_STRIP = " []|/,;:"
#: A copyright sign or credit label left at the end of a caption whose
#: credit is printed in an element of its own ("... at dusk. © <span>Jane Roe</span>").
_DANGLING_LABEL = re.compile(rf"\s*(?:©|[(（][cｃ][)）]|(?<!\w){_LABEL}\s*[:=：])\s*$", re.I)
#: How a caption with a dangling label or copyright sign ends.
_DANGLING_ENDS = (":", "=", "：", "©", ")", "）")
_TRAILING_PUNCT = re.compile(r"[\s|/,;:–—-]+$")


def looks_like_credit(text: str) -> bool:
    """A short text naming an agency or a photo label, or shaped
    "Name/Agency", not a sentence."""
    if not text or len(text) > 80 or text.count(" ") > 8:
        return False
    return bool(_AGENCY.search(text) or _SLASHED.match(text))


def is_labelled_credit(text: str) -> bool:
    """A short text a credit label or a copyright sign opens ("Image
    Credits: Jane Roe", "Foto: dpa", "© Jane Roe")."""
    return len(text) <= _MAX_LABELLED and bool(_LABELLED_START.match(text))


def _names_someone(text: str) -> bool:
    """A name, which no lower-case word opens ("Jane Doe", "新华社", not "the lake")."""
    return not text[:1].islower()


def _capitalised_name(text: str) -> bool:
    """One to four words that each open with a capital, no figures ("Jane
    Roe", "Bespoke Real Estate", "Christie's"; not "from left", "2010"); a
    single word is no abbreviation and no note of the caption ("AfD",
    "Archivbild")."""
    words = text.split()
    if not 1 <= len(words) <= 4 or not all(w[:1].isupper() for w in words) or any(c.isdigit() for c in text):
        return False
    return len(words) > 1 or (not any(c.isupper() for c in text[1:]) and not _LABEL_COMPOUND.search(text))


def _short_credit(text: str) -> bool:
    return text.count(" ") <= 3 and bool(_AGENCY.search(text))


def clean_credit(text: str | None) -> str | None:
    """A credit without its brackets, label and copyright sign
    ("(Foto: dpa)" -> "dpa", "© Jane Doe" -> "Jane Doe")."""
    text = clean_text(text).strip(_CREDIT_STRIP)
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1]
    text = _COPYRIGHT_SIGN.sub("", _LABEL_ONLY.sub("", text.strip())).strip(_CREDIT_STRIP)
    text = _BY.sub("", text)
    if text.count("(") != text.count(")"):
        text = text.strip("()")
    return text or None


#: The shapes of a credit inside a caption, tried in this order, each with
#: what its credit must read as; the first four mark a credit themselves.
_SHAPES = ((_LABELLED, None), (_COPYRIGHT, None), (_ATTRIBUTED, _names_someone), (_CJK_TAIL, None),
           (_PAREN_TAIL, looks_like_credit), (_NAME_AFTER_SENTENCE, _capitalised_name), (_SEPARATED_TAIL, looks_like_credit), (_LAST_SENTENCE, _short_credit))
_MARKED_SHAPES = 4
#: The groups that hold the credit in the shapes (one a shape matches).
_CREDIT_GROUPS = ("credit", "by", "shot")
#: Credits are short: the shapes are looked for in a caption's last characters,
#: not from every word of a long caption.
_TAIL = 240


def _find_credit(text: str) -> tuple[int, str, bool] | None:
    """Where the credit inside ``text`` starts, the credit, and whether a
    label, a copyright sign or the Japanese and Chinese marks printed it as one."""
    for number, (pattern, accept) in enumerate(_SHAPES):
        match = pattern.search(text, max(0, len(text) - _TAIL))
        if not match:
            continue
        found = match.groupdict()
        credit = clean_credit(next(filter(None, (found.get(group) for group in _CREDIT_GROUPS)), None))
        if credit and (accept is None or accept(credit)):
            return match.start(), credit, number < _MARKED_SHAPES
    return None


def split_credit(text: str | None) -> tuple[str | None, str | None]:
    """``(caption, credit)`` of a caption that may end with its photo credit.

    >>> split_credit("Rain returns to the valley. (AP Photo/Jane Roe)")
    ('Rain returns to the valley.', 'AP Photo/Jane Roe')
    """
    text = clean_text(text)
    if text.endswith(_DANGLING_ENDS):
        dangling = _DANGLING_LABEL.search(text, max(0, len(text) - _TAIL))
        text = text[: dangling.start()] if dangling else text
    if not text:
        return None, None
    found = _find_credit(text)
    if found is None:
        return text, None
    start, credit, _ = found
    caption = _TRAILING_PUNCT.sub("", text[:start]).strip()
    return caption or None, credit


def attribute_credit(text: str | None) -> str | None:
    """The credit in an image's alt or title text: one that a label or a
    copyright sign marks ("© Jane Roe", "Rain. Photo: Jane Roe"), or a tail
    that reads as a credit ("Rain / Reuters"); not a description's last
    words, nor a label word in its sentence ("Click to play video: 'Rain'")."""
    text = clean_text(text)
    found = _find_credit(text)
    if found is None:
        return None
    start, credit, marked = found
    if marked:
        return None if text[start:].lstrip(" ([")[:1].islower() else credit
    return credit if looks_like_credit(credit) else None
