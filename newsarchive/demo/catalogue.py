"""What the demo site publishes: its sections and articles.

Each article page is a hand-written file under ``site/`` (its path is the
URL path), written in the markup of a different kind of publisher.  This
catalogue is what the site's "CMS" knows about them: it builds the home and
section pages, the RSS feed and the news sitemap.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

SITE_NAME = "The Loopback Times"

#: URL slug -> heading of the section page.
SECTIONS = {
    "world": "World",
    "politics": "Politics",
    "business": "Business",
    "science": "Science",
    "culture": "Culture",
}


@dataclass(frozen=True)
class DemoArticle:
    path: str
    section: str
    headline: str
    summary: str
    published: str  # ISO 8601 with offset, as the sitemap and feed state it
    language: str
    publisher: str = SITE_NAME
    live: bool = False  # live pages are streamed: served with chunked transfer encoding


ARTICLES = (
    DemoArticle(
        "/world/2023/02/03/north-korea-threatens-us-toughest-response.html", "world",
        "North Korea threatens US to face ‘toughest’ response",
        "The statement came days after the South Korean and US defence chiefs agreed on steps "
        "to enhance the alliance’s deterrence and readiness posture.",
        "2023-02-03T10:18:00+09:00", "en", publisher="The Korea Herald"),
    DemoArticle(
        "/world/2024/07/01/port-reopens-after-dockworkers-strike.html", "world",
        "Port of Calder reopens after three-day dockworkers’ strike",
        "Container ships began unloading again on Monday after union and operators agreed "
        "on a new shift system.",
        "2024-07-01T06:00:00+00:00", "en"),
    DemoArticle(
        "/world/live/2024/11/18/storm-elin-landfall.html", "world",
        "Storm Elin makes landfall: latest updates",
        "Follow the storm as it crosses the coast: warnings, closures and advice.",
        "2024-11-18T05:40:00+00:00", "en", live=True),
    DemoArticle(
        "/politics/2024/05/02/council-approves-overnight-bus-network.html", "politics",
        "City council approves overnight bus network after two-year trial",
        "Six night routes will run seven days a week from September, funded by a parking levy.",
        "2024-05-02T17:45:00+01:00", "en"),
    DemoArticle(
        "/politics/2023/02/03/landtag-beschliesst-radwege.html", "politics",
        "Landtag beschließt Ausbau der Radwege im Rheintal",
        "Bis 2027 sollen 140 Kilometer neue Radwege entstehen. Die Opposition kritisiert die "
        "Finanzierung.",
        "2023-02-03T10:15:00+01:00", "de", publisher="Rheintal-Kurier"),
    DemoArticle(
        "/business/2024/08/05/coffee-prices-two-year-low.html", "business",
        "Coffee prices hit two-year low as harvest outlook improves",
        "Arabica futures fell for a fifth straight session on forecasts of a large crop.",
        "2024-08-05T14:20:00+00:00", "en"),
    DemoArticle(
        "/business/2024/04/10/semiconductor-exports.html", "business",
        "반도체 수출 석 달 연속 증가…메모리 가격 회복",
        "지난달 반도체 수출이 전년 같은 달보다 늘며 석 달 연속 증가세를 이어갔다.",
        "2024-04-10T09:30:00+09:00", "ko", publisher="데모일보"),
    DemoArticle(
        "/business/2024/09/24/northline-battery-trains.html", "business",
        "Regional rail operator orders 40 battery trains",
        "Northline Rail will replace its diesel fleet on unelectrified branch lines by 2029.",
        "2024-09-24T11:05:00+01:00", "en"),
    DemoArticle(
        "/science/2024/03/12/deep-sea-coral-gardens.html", "science",
        "Deep-sea survey finds coral gardens thriving below bleached reefs",
        "Cameras lowered to 120 metres found healthy corals where the shallow reef above "
        "had lost its colour.",
        "2024-03-12T08:30:00-05:00", "en"),
    DemoArticle(
        "/science/2024/06/30/swift-count-record.html", "science",
        "Volunteers count record number of swifts in annual survey",
        "More than 9,000 birds were logged, helped by new nest boxes on church towers and "
        "schools.",
        "2024-06-30T06:00:00+01:00", "en"),
    DemoArticle(
        "/culture/2024/09/14/stadttheater-saisonstart-brecht.html", "culture",
        "Stadttheater eröffnet die Saison mit Brecht",
        "Mit der „Dreigroschenoper“ beginnt die neue Intendanz – und das Publikum feiert "
        "das Ensemble.",
        "2024-09-14T19:30:00+02:00", "de", publisher="Rheintal-Kurier"),
    DemoArticle(
        "/culture/2024/07/22/festival-jazz-record.html", "culture",
        "Le festival de jazz de la vallée bat son record d’affluence",
        "Plus de 48 000 spectateurs ont assisté aux concerts, un chiffre jamais atteint "
        "en trente ans.",
        "2024-07-22T07:00:00+02:00", "fr", publisher="Le Courrier de la Vallée"),
    DemoArticle(
        "/culture/2024/10/03/review-the-lighthouse-keepers.html", "culture",
        "Review: ‘The Lighthouse Keepers’ is a quiet triumph",
        "A two-hander about isolation that never raises its voice and never loses its grip.",
        "2024-10-03T09:00:00+00:00", "en"),
)

#: The page that imitates the seed article (../shared/seed/).
SEED_ARTICLE = ARTICLES[0]


def section_articles(section: str) -> list[DemoArticle]:
    """The articles of a section, newest first."""
    return [a for a in latest_articles() if a.section == section]


def latest_articles() -> list[DemoArticle]:
    """All articles, newest first."""
    return sorted(ARTICLES, key=lambda a: datetime.fromisoformat(a.published), reverse=True)
