"""The demo page that imitates the seed article (../shared/seed/) comes out
as the seed README's table says, row by row."""
from urllib.request import urlopen

import pytest

from newsarchive.demo.catalogue import SEED_ARTICLE
from newsarchive.extraction import extract_article

CAPTION = (
    "A TV screen shows a file image of North Korea`s missile launch during a news program at the "
    "Seoul Railway Station in Seoul, South Korea, Thursday, Feb. 2. 2023. North Korea said Thursday "
    "it`s prepared to counter U.S. military moves with the \"most overwhelming nuclear force\" as it "
    "warned that the expansion of the United States` combined military exercises with rival South "
    "Korea is pushing tensions to an \"extreme red line.\""
)
STANDFIRST = ("The statement came days after the South Korean and US defence chiefs agreed on steps "
              "to enhance the alliance’s deterrence and readiness posture.")


@pytest.fixture(scope="module")
def seed(demo_site):
    url = demo_site + SEED_ARTICLE.path
    with urlopen(url, timeout=5) as response:
        return extract_article(response.read(), url, content_type=response.headers["Content-Type"])


def test_headline(seed):
    assert seed.headline == "North Korea threatens US to face ‘toughest’ response"


def test_description_is_the_standfirst(seed):
    assert seed.description == STANDFIRST


def test_the_author_printed_twice_is_listed_once(seed):
    assert seed.authors == ["Ji Da-gyum"]


def test_publisher(seed):
    assert seed.publisher == "The Korea Herald"


def test_published_on_february_3_with_the_korean_offset(seed):
    assert seed.published.startswith("2023-02-03T")
    assert seed.published.endswith("+09:00")


def test_dateline(seed):
    assert seed.dateline == "SEOUL"


def test_lead_image_with_caption_and_credit(seed):
    lead = seed.images[0]
    assert lead.url.startswith("http://") and lead.url.endswith("/20230202000725_0.jpeg")
    assert lead.caption == CAPTION
    assert lead.credit == "AP Photo/Ahn Young-joon"


def test_body_runs_from_the_dateline_to_the_last_paragraph(seed):
    assert seed.body.startswith("SEOUL – North Korea on Thursday said the US would face the “toughest” response")
    assert seed.body.endswith("to “address the full range of issues of concern to both countries and the region.”")
    assert len(seed.body.split("\n\n")) == 16  # the paragraphs kept apart


@pytest.mark.parametrize("furniture", [
    "A TV screen shows",  # caption
    "AP Photo",  # credit
    "Ji Da-gyum",  # byline
    "February 3, 2023",  # date
    STANDFIRST,
    "scroll to top",
    "The Korea Herald",
    "Advertisement",
    "More from North Korea",  # related links
])
def test_page_furniture_is_not_in_the_body(seed, furniture):
    assert furniture not in seed.body
