"""Displayed relative times: the words of a page that tick with the clock.

"Updated 5 minutes ago", "2h ago", "5 min. ago", "vor 5 Min.", "il y a 3 h",
"hace 2 horas", "3 uur geleden", "just now", "Updated 1 hour 5 minutes ago":
a page that shows one is not edited when it ticks, so versions are compared
without them (``remove_relative_times``).

Each language says where its duration goes ("{d} ago", "vor {d}"), its units
of time up to weeks, full and abbreviated (months and years are left alone:
"five years ago" is far more often prose than a clock), the words that count
like a number ("an hour", "a few seconds"), the word that joins the parts of
a compound duration ("1 hour and 5 minutes"), and its "just now" phrases.  A
duration is removed wherever it is, with a word that introduces it
("Updated", "Aktualisiert", "mis à jour") and brackets around it; a "just
now" phrase, which prose uses too ("she said just now"), only where it stands
as a time: after such a word, in brackets, or alone on its line or between
separators (``|``, ``·``, ``•``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    """How a language writes a relative time; each a regular expression."""

    forms: tuple[str, ...]  # the words around the duration {d}: "{d} ago", "vor {d}"
    units: str  # units of time up to weeks, full and abbreviated
    numbers: str  # words that count like a number: "an", "a few"
    joiner: str  # the word between the parts of a compound duration: "and"
    now: str  # its "just now" phrases


LANGUAGES = {
    "en": Language((r"{d}\s+ago",),
                   r"seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|wks?|w",
                   r"an?|one|a\s+few", "and", r"just\s+now|(?:a\s+(?:few\s+)?)?moments?\s+ago"),
    "de": Language((r"\bvor\s+{d}",),
                   r"sekunden?|sek|minuten?|min|stunden?|std|h|tagen?|tg|wochen?|wo",
                   r"eine[mnr]?|ein|wenigen|einigen|ein\s+paar", "und", r"gerade\s+eben|soeben"),
    # "il y a" also means "there are": "il y a 3 h de route" is prose.
    "fr": Language((r"\bil\s+y\s+a\s+{d}(?!\s*d(?:e\b|['’]))",),
                   r"secondes?|sec|s|minutes?|min|mn|heures?|h|jours?|j|semaines?|sem",
                   r"une?|quelques", "et", r"à\s+l['’]instant"),
    "es": Language((r"\bhace\s+{d}",),
                   r"segundos?|seg|s|minutos?|min|horas?|h|d[ií]as?|d|semanas?|sem",
                   r"una?|unos|unas|pocos|pocas", "y", r"ahora\s+mismo|justo\s+ahora|hace\s+un\s+momento"),
    "pt": Language((r"\bh[áa]\s+{d}", r"{d}\s+atr[áa]s"),
                   r"segundos?|seg|s|minutos?|min|horas?|h|dias?|d|semanas?|sem",
                   r"uma?|alguns|algumas|poucos|poucas", "e", r"agora\s+mesmo|h[áa]\s+(?:pouco|instantes)"),
    "it": Language((r"{d}\s+fa",),
                   r"secondi|secondo|sec|s|minuti|minuto|min|ore|ora|h|giorni|giorno|gg|settimane|settimana",
                   r"una?|uno|un['’]|qualche|pochi|alcuni", "e", r"proprio\s+adesso|poco\s+fa"),
    "nl": Language((r"{d}\s+geleden",),
                   r"seconden?|sec|s|minuten?|min|m|uur|u|dagen|dag|d|weken|week|w",
                   r"een|enkele|een\s+paar", "en", r"zojuist|zonet"),
    "sv": Language((r"\bför\s+{d}\s+sedan", r"{d}\s+sedan"),
                   r"sekunder|sekund|sek|s|minuter|minut|min|m|timmar|timme|tim|h|dagar|dag|d|veckor|vecka|v",
                   r"en|ett|några", "och", r"just\s+nu|nyss"),
    "no-da": Language((r"\bfor\s+{d}\s+siden", r"{d}\s+siden"),
                      r"sekunder|sekund|sek|s|minutter|minutt|minut|min|m|timer|time|t|døgn|dager|dage|dag|d"
                      r"|uker|uke|uger|uge",
                      r"en|et|ei|noen|nogle|få", "og", r"akkurat\s+nå|nettopp|lige\s+nu|netop"),
    "pl": Language((r"{d}\s+temu",),
                   r"sekund[ęy]?|sek|s|minut[ęy]?|min|godzin[ęy]?|godz|h|dni|dzień|tygodni[e]?|tydzień",
                   r"jedn[ąa]|kilka|kilkanaście", "i", r"przed\s+chwilą"),
    "ru": Language((r"{d}\s+назад",),
                   r"секунд[уы]?|сек|минут[уы]?|мин|час(?:а|ов)?|ч|дн(?:я|ей)|день|недел[юиь]|нед",
                   r"одну|один|пару|несколько", "и", r"только\s+что"),
    "tr": Language((r"{d}\s+önce",),
                   r"saniye|sn|dakika|dk|saat|sa|gün|hafta",
                   r"bir|birkaç", "ve", r"az\s+önce"),
}

#: Words that introduce a displayed time, in the same languages.
INTRODUCING = (r"(?:last\s+)?updated|posted|published|edited|(?:zuletzt\s+)?aktualisiert|veröffentlicht|"
               r"mis\s+à\s+jour|publié|modifié|actualisé|actualizado|publicado|atualizado|aggiornato|"
               r"pubblicato|bijgewerkt|gepubliceerd|uppdaterad|publicerad|oppdatert|publisert|opdateret|"
               r"publiceret|zaktualizowano|opublikowano|обновлено|опубликовано|güncellendi|yayınlandı")
_INTRO = r"(?:\b(?:" + INTRODUCING + r")\s*:?\s*)"
#: Where a "just now" standing as a time may start and end.
_SEPARATOR = r"[|·•]"


def _duration(language: Language) -> str:
    """One or more quantities of time: "5 min.", "2h", "an hour", "1 hour and 5 minutes"."""
    quantity = (r"(?:\b\d+\s*|\b(?:" + language.numbers + r")(?:\s+|(?<=['’])))(?:" + language.units
                + r")(?!\w)\.?")
    return quantity + r"(?:\s*,?\s*(?:" + language.joiner + r"\s+)?" + quantity + r")*"


def _bracketed(pattern: str) -> str:
    return r"\(\s*(?:" + pattern + r")\s*\)|\[\s*(?:" + pattern + r")\s*\]"


_DURATIONS = "|".join(form.replace("{d}", _duration(language))
                      for language in LANGUAGES.values() for form in language.forms)
_NOW = "|".join(language.now for language in LANGUAGES.values())
_TIMED = _INTRO + r"?(?:" + _DURATIONS + r")\.?"
_NOW_AS_TIME = (_INTRO + r"(?:" + _NOW + r")(?!\w)\.?"
                + r"|(?:^|(?<=" + _SEPARATOR + r"))[^\S\n]*(?:" + _NOW + r")\.?"
                + r"(?=[^\S\n]*(?:$|" + _SEPARATOR + r"))")
RELATIVE_TIME = re.compile("|".join((_bracketed(_TIMED), _bracketed(_INTRO + r"?(?:" + _NOW + r")"), _TIMED,
                                     _NOW_AS_TIME)), re.IGNORECASE | re.MULTILINE)


def remove_relative_times(text: str) -> str:
    """The text with its displayed relative times replaced by a space."""
    return RELATIVE_TIME.sub(" ", text)
