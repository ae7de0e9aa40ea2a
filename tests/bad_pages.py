"""Bad inputs for the extraction, shared by test_bad_input and test_cli_extract:
each builder returns the bytes of one page as a server could send it."""
import random

URL = "https://news.example/politik/2024/05/03/neue-wirtschaftspolitik-12345.html"
GERMAN = ("Die Regierung hat am Montag eine neue Wirtschaftspolitik angekündigt, die nach "
          "Ansicht von Fachleuten die Preise in den kommenden Monaten stabilisieren soll.")
KOREAN = "서울에서 열린 회의에서 정부는 새로운 경제 정책을 발표했다. 전문가들은 이번 조치가 물가 안정에 도움이 될 것이라고 평가했다."
JAPANESE = "東京で開かれた会議で、政府は新しい経済政策を発表した。専門家は今回の措置が物価の安定に役立つと評価している。"
RUSSIAN = ("На заседании правительство объявило о новой экономической политике. "
           "Эксперты считают, что эти меры помогут стабилизировать цены.")


def article(body: str, *, headline: str = "Neue Wirtschaftspolitik", head: str = "") -> str:
    """A news article page around ``body`` markup."""
    return (f'<!DOCTYPE html><html><head>{head}<title>{headline}</title>'
            f'<meta property="og:type" content="article">'
            f'<meta property="article:published_time" content="2024-05-03T10:00:00+02:00">'
            f'</head><body><article><h1>{headline}</h1>{body}</article></body></html>')


def paragraphs(text: str, count: int = 6) -> str:
    return "".join(f"<p>{text} ({n})</p>" for n in range(count))


def empty() -> bytes:
    return b""


def png() -> bytes:
    rng = random.Random(1)
    return (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x02\x00\x00\x00\x01\x80\x08\x06"
            + bytes(rng.randrange(256) for _ in range(4000)))


def random_bytes() -> bytes:
    rng = random.Random(2)
    return bytes(rng.randrange(256) for _ in range(4000))


def binary_tail() -> bytes:
    """An article of some length, then binary data (a file served after a
    page, a corrupted download): the text comes well before the binary."""
    return article(paragraphs(GERMAN, 40)).encode() + random_bytes() * 4


def truncated() -> bytes:
    """A download cut in the middle of a tag (and of a UTF-8 character)."""
    return article(paragraphs(GERMAN) + '<div class="related"><a href="/x">Mehr zum Thema: Mü').encode()[:-1]


def huge(size: int = 20_000_000) -> bytes:
    """A 20 MB page: an article after a huge inline script (as pages that
    embed their whole app state), past libxml2's default buffer limits."""
    state = '{"items": [' + ",".join(['{"id": 1, "title": "Lorem ipsum dolor"}'] * (size // 40)) + "]}"
    return article(paragraphs(GERMAN),
                   head=f'<script type="application/json">{state}</script>').encode()


def mislabelled(text: str, real: str, declared: str) -> bytes:
    """A page in ``real`` encoding whose ``<meta>`` declares ``declared``."""
    return article(paragraphs(text), headline=text[:12],
                   head=f'<meta charset="{declared}">').encode(real)


def deep(depth: int = 10_000) -> bytes:
    """The article's paragraphs inside ``depth`` nested elements, and one
    more paragraph after them."""
    return article("<div>" * depth + paragraphs(GERMAN) + "</div>" * depth
                   + "<p>Nach der tiefen Verschachtelung geht der Text weiter.</p>").encode()
