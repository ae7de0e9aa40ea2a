"""Images of the article: which pictures, which rendition, caption, credit, lead."""
import json
import random

from newsarchive.extraction import extract_article, images
from newsarchive.extraction.evidence import gather_evidence
from newsarchive.extraction.images import (SeenPictures, fill_images, parse_srcset, picture_id, same_id, same_picture,
                                           url_key)
from newsarchive.items import Article

URL = "https://news.example.com/world/2024/10/31/missile-test"
PARAGRAPHS = "".join(f"<p>Paragraph {i} of the article text, long enough to count as body text here.</p>"
                     for i in range(6))


def images_of(html: str, url: str = URL):
    ev = gather_evidence(html, url)
    article = Article(url=url)
    fill_images(article, ev)
    return article


def extract(html: str):
    """The whole extraction, for rules that use other fields (authors)."""
    return extract_article(html, URL)


def page(body: str, head: str = "") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


KOREA_HERALD_FIGURE = """
<figure class="article-photo">
  <img src="/photos/2024/10/31/north-korea-missile-tv.jpg" alt="TV screen" width="1200" height="800">
  <figcaption>A TV screen shows a news program reporting about North Korea's missile launch with file
  footage in Seoul, South Korea, Thursday, Oct. 31, 2024. North Korea said its first test of a new
  missile is an 'extreme red line.' (AP Photo/Ahn Young-joon)</figcaption>
</figure>"""


def test_korea_herald_caption_loses_its_credit():
    article = images_of(page(f"<article><h1>Missile</h1>{KOREA_HERALD_FIGURE}{PARAGRAPHS}</article>"))
    [image] = article.images
    assert image.url == "https://news.example.com/photos/2024/10/31/north-korea-missile-tv.jpg"
    assert image.caption.endswith("is an 'extreme red line.'")
    assert "(AP Photo" not in image.caption
    assert image.credit == "AP Photo/Ahn Young-joon"
    assert (image.alt, image.width, image.height) == ("TV screen", 1200, 800)
    assert article.sources["images"] == "page"


def test_lead_from_og_image_is_flagged_and_first():
    head = '<meta property="og:image" content="https://cdn.example.com/img/lead-picture-2024.jpg?w=1200">'
    body = f"""<article>
      <figure><img src="https://cdn.example.com/img/second-picture-2024.jpg" alt="b">
        <figcaption>The second picture of the story.<span class="credit">Jane Doe</span></figcaption></figure>
      {PARAGRAPHS}
      <figure><img src="https://cdn.example.com/img/lead-picture-2024.jpg?w=600" alt="a">
        <figcaption>The lead picture of the story.</figcaption></figure>
    </article>"""
    images = images_of(page(body, head)).images
    assert [i.lead for i in images] == [True, False]
    assert images[0].caption == "The lead picture of the story."
    assert images[1].caption == "The second picture of the story."
    assert images[1].credit == "Jane Doe"


def test_lead_from_structured_data_when_the_body_has_none():
    data = {"@type": "NewsArticle", "headline": "H", "image": {
        "@type": "ImageObject", "url": "https://cdn.example.com/lead-2024.jpg", "width": 1600,
        "caption": "Crowds in the square (Photo: Jane Doe)", "creditText": "Jane Doe/Agency"}}
    head = f'<script type="application/ld+json">{json.dumps(data)}</script>'
    article = images_of(page(f"<article>{PARAGRAPHS}</article>", head))
    [image] = article.images
    assert image.lead and image.url == "https://cdn.example.com/lead-2024.jpg"
    assert image.caption == "Crowds in the square"
    assert image.credit == "Jane Doe/Agency"
    assert image.width == 1600
    assert article.sources["images"] == "json-ld"


def test_largest_rendition_from_lazy_srcset_and_picture_sources():
    body = f"""<article>{PARAGRAPHS}
      <figure><picture>
        <source srcset="https://img.example.com/c_scale,w_400/photo-1234567.webp 400w,
                        https://img.example.com/c_scale,w_1600/photo-1234567.webp 1600w" type="image/webp">
        <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" class="lazyload"
             data-srcset="https://img.example.com/c_scale,w_800/photo-1234567.jpg 800w" alt="x">
      </picture><figcaption>Caption text of the lazy picture</figcaption></figure>
    </article>"""
    [image] = images_of(page(body)).images
    assert image.url == "https://img.example.com/c_scale,w_1600/photo-1234567.webp"
    assert image.caption == "Caption text of the lazy picture"


def test_placeholder_src_gives_way_to_data_src():
    body = f"""<article>{PARAGRAPHS}<div class="image">
      <img src="/static/placeholder.gif" data-src="/media/real-photo-98765.jpg" alt="A real photo">
      <div class="image-caption">Harbour at dawn. Foto: Max Muster</div></div></article>"""
    [image] = images_of(page(body)).images
    assert image.url == "https://news.example.com/media/real-photo-98765.jpg"
    assert (image.caption, image.credit) == ("Harbour at dawn.", "Max Muster")


def test_furniture_and_decoration_are_skipped():
    body = f"""<article>
      <img src="/assets/site-logo.png" alt="Logo">
      <div class="author-box"><img src="/people/jane-doe-portrait.jpg" alt="Jane Doe"></div>
      <img src="/track/p.jpg?id=1" width="1" height="1" alt="">
      {PARAGRAPHS}
      <figure><img src="/media/story-photo-2024.jpg" alt="Story"><figcaption>The story photo.</figcaption></figure>
      <aside><img src="/media/other-story-photo.jpg" alt="Other"></aside>
      <div class="related-articles"><img src="/media/related-story-2024.jpg" alt="Related"></div>
      <div class="card"><a href="/world/other-story"><img src="/media/teaser-photo-2024.jpg" alt="">
        <h3>Another story you may like to read today</h3></a></div>
    </article>"""
    images = images_of(page(body)).images
    assert [i.url for i in images] == ["https://news.example.com/media/story-photo-2024.jpg"]


def test_renditions_of_one_picture_count_once():
    body = f"""<article>{PARAGRAPHS}
      <figure><img src="https://cdn.example.com/2024/harbour-view-large.jpg?w=300" alt="a">
      <noscript><img src="https://cdn.example.com/2024/harbour-view-large.jpg?w=1200"></noscript>
      <figcaption>The harbour.</figcaption></figure></article>"""
    assert len(images_of(page(body)).images) == 1


def test_caption_outside_the_article_body_for_the_lead():
    head = '<meta property="og:image" content="https://cdn.example.com/hero-photo-5551234.jpg">'
    body = f"""<div class="hero"><figure><img src="https://cdn.example.com/hero-photo-5551234.jpg" alt="h">
      <figcaption>The hero picture. | Getty Images</figcaption></figure></div>
      <div class="story">{PARAGRAPHS}</div>"""
    article = images_of(page(body, head))
    [image] = article.images
    assert image.lead
    assert (image.caption, image.credit) == ("The hero picture.", "Getty Images")
    assert article.sources["images"] == "page"


def test_lead_from_meta_only():
    head = '<meta property="og:image" content="/media/og-picture-778899.jpg">'
    article = images_of(page(f"<article>{PARAGRAPHS}</article>", head))
    assert [(i.url, i.lead) for i in article.images] == [("https://news.example.com/media/og-picture-778899.jpg", True)]
    assert article.sources["images"] == "meta"


def test_no_images_leaves_the_field_empty():
    article = images_of(page(f"<article>{PARAGRAPHS}</article>"))
    assert article.images == [] and "images" not in article.sources


def test_parse_srcset_keeps_commas_inside_urls():
    assert parse_srcset("a.jpg 1x, https://x.com/c_scale,w_2/b.jpg 2x,c.jpg 640w") == [
        ("a.jpg", 1000.0), ("https://x.com/c_scale,w_2/b.jpg", 2000.0), ("c.jpg", 640.0)]


def test_same_picture_across_sizes_and_proxies():
    assert url_key("https://img.example.com/resize/600x0/https%3A%2F%2Fs.example.com%2Fa%2Fphoto-123456.jpg") \
        == "photo-123456.jpg"
    assert same_picture("https://img.example.com/242244962/242244962_1714738228_v16_9_600.jpeg",
                        "https://img.example.com/242244962/242244962_1714738228_v4_3_800.jpeg")
    assert not same_picture("https://img.example.com/a/first-photo.jpg", "https://img.example.com/a/other-photo.jpg")


def test_credit_in_figure_footer_and_caption_after_the_picture():
    body = f"""<article>{PARAGRAPHS}
      <figure><img src="/media/demo-crowd-445566.jpg" alt="Crowd">
        <figcaption>Protesters in the city centre.</figcaption><footer>Imago/Jane Doe</footer></figure>
      <picture><img src="/media/bare-picture-778812.jpg" alt=""></picture>
      <figcaption><span>A bare picture followed by its caption.</span> <span>Foto: Max Muster</span></figcaption>
    </article>"""
    first, second = images_of(page(body)).images
    assert (first.caption, first.credit) == ("Protesters in the city centre.", "Imago/Jane Doe")
    assert (second.caption, second.credit) == ("A bare picture followed by its caption.", "Max Muster")


def test_caption_after_the_wrapper_of_a_viewer_button():
    body = f"""<article>{PARAGRAPHS}<div><button aria-label="Open image viewer"><div>
      <div class="embed"><figure><img src="/media/court-photo-123987.jpg" alt="x">
        <span class="label">View 3 Images</span></figure></div>
      <figcaption><span class="caption-title">He is led into a courtroom</span>
        <span class="caption-credit">(Image: Court Pictures/PA Wire)</span></figcaption>
    </div></button></div></article>"""
    [image] = images_of(page(body)).images
    assert (image.caption, image.credit) == ("He is led into a courtroom", "Court Pictures/PA Wire")


def test_microdata_caption_and_author_of_an_image_object():
    body = f"""<article>{PARAGRAPHS}
      <figure itemprop="image" itemscope itemtype="http://schema.org/ImageObject">
        <meta itemprop="description" content="English ivy is easy to grow">
        <meta itemprop="author" content="(Image: Getty Images/iStockphoto)">
        <img src="/media/english-ivy-pot.jpg" alt="ivy"></figure></article>"""
    [image] = images_of(page(body)).images
    assert (image.caption, image.credit) == ("English ivy is easy to grow", "Getty Images/iStockphoto")


def test_teaser_card_with_a_headline_elsewhere_is_skipped():
    body = f"""<article>{PARAGRAPHS}
      <div class="card"><div class="col"><figure><a href="/2024/05/16/another-story">
        <img src="/media/other-story-2024.jpg" alt=""></a></figure></div>
        <div class="col"><h2><a href="/2024/05/16/another-story">A headline of another story on the site</a></h2></div>
      </div></article>"""
    assert images_of(page(body)).images == []


def test_malformed_structured_data_and_urls_do_not_break_the_step():
    data = {"@type": "NewsArticle", "headline": "H", "image": [{"@type": "ImageObject", "url": ["http://[bad"],
                                                                "caption": {"@value": "A caption"}}]}
    head = f'<script type="application/ld+json">{json.dumps(data)}</script>'
    body = f"""<article>{PARAGRAPHS}<figure><img src="http://[broken/img.jpg" srcset=", ,">
      <img src="/media/good-picture-123456.jpg" width="wide"></figure></article>"""
    [image] = images_of(page(body, head)).images
    assert image.url == "https://news.example.com/media/good-picture-123456.jpg"
    assert image.width is None


def test_lead_named_in_og_image_by_a_smaller_rendition_is_listed_once():
    page = """<html><head><meta property="og:image" content="/img/bus-1280.jpg"></head><body>
    <article><h1>Night buses</h1><figure><picture>
      <source srcset="/img/bus-1280.jpg 1x, /img/bus-2560.jpg 2x"><img src="/img/bus-480.jpg" alt="A bus">
    </picture><figcaption>A night bus. Photo: Tom Becker</figcaption></figure>
    <p>The council voted to keep the night buses running for another year at least.</p></article></body></html>"""
    article = extract(page)
    assert [(i.url.rsplit("/", 1)[-1], i.lead) for i in article.images] == [("bus-2560.jpg", True)]
    assert article.images[0].credit == "Tom Becker"


def test_author_portrait_beside_the_byline_is_not_an_article_image():
    page = """<html><head><script type="application/ld+json">{"@type": "NewsArticle",
      "headline": "Storm", "author": {"@type": "Person", "name": "Ji Da-gyum"}}</script></head><body>
    <article><h1>Storm</h1><figure><img src="/img/storm-harbour.jpg" alt="Waves">
    <figcaption>Waves at the harbour. (AP Photo/Kim Lee)</figcaption></figure>
    <p>The storm reached the coast on Monday night with winds above 100 km/h in places.</p>
    <div class="author-box"><img src="/img/ji-da-gyum.png" alt="Ji Da-gyum"> Ji Da-gyum</div></article></body></html>"""
    article = extract(page)
    assert [i.url.rsplit("/", 1)[-1] for i in article.images] == ["storm-harbour.jpg"]
    assert article.images[0].lead


def test_json_ld_image_given_by_reference_brings_its_caption():
    page = """<html><head><script type="application/ld+json">{"@graph": [
      {"@type": "NewsArticle", "headline": "Review", "image": {"@id": "#primaryimage"}},
      {"@type": "ImageObject", "@id": "#primaryimage", "url": "/img/stage.jpg", "caption": "The set of the play."}
    ]}</script></head><body><article><h1>Review</h1><img src="/img/stage.jpg" alt="">
    <p>There are two keepers, one lamp and a great deal of weather in this play.</p></article></body></html>"""
    article = extract(page)
    assert article.images[0].caption == "The set of the play."
    assert article.images[0].lead


def test_words_of_furniture_inside_other_words_do_not_make_a_photo_decoration():
    html = page("""<article><h1>Chip exports rise</h1><div class="photo-box">
      <img src="/images/semiconductor-wafer.jpg" alt="A wafer"><p class="caption">A wafer. 사진=김민지 기자</p></div>
      <img src="/static/site-logo.png" alt="Logo"><img src="/icons/share.png" alt="">""" + PARAGRAPHS + "</article>")
    article = images_of(html)
    assert [i.url.rsplit("/", 1)[-1] for i in article.images] == ["semiconductor-wafer.jpg"]
    assert article.images[0].caption == "A wafer."
    assert article.images[0].credit == "김민지 기자"


def test_seen_pictures_answers_as_comparing_with_every_kept_picture():
    rng = random.Random(5)
    vocab = [f"{rng.randrange(10**6):06d}ab" for _ in range(12)]
    for _ in range(2000):
        seen, kept = SeenPictures(), []
        for _ in range(rng.randrange(1, 25)):
            pid = (f"key{rng.randrange(30)}", frozenset(rng.sample(vocab, rng.choice([0, 1, 1, 2, 3, 4, 9, 10]))))
            duplicate = any(same_id(pid, other) for other in kept)
            assert seen.add_new(pid) is not duplicate
            if not duplicate:
                kept.append(pid)


def counted_picture_ids(monkeypatch) -> list[int]:
    """Make ``images.picture_id`` give ids whose key and tokens count every
    comparison made with them (``==``, ``<=``...: of keys, of token sets),
    however the pictures are told apart; the count is the one item of the list."""
    count = [0]

    def counting(method):
        def compare(self, other):
            count[0] += 1
            return method(self, other)
        return compare

    class Key(str):
        __hash__ = str.__hash__
        __eq__, __ne__ = counting(str.__eq__), counting(str.__ne__)

    class Tokens(frozenset):
        __hash__ = frozenset.__hash__
        __eq__, __ne__ = counting(frozenset.__eq__), counting(frozenset.__ne__)
        __le__, __lt__ = counting(frozenset.__le__), counting(frozenset.__lt__)
        __ge__, __gt__ = counting(frozenset.__ge__), counting(frozenset.__gt__)
        issubset, issuperset = counting(frozenset.issubset), counting(frozenset.issuperset)

    def counted_id(url: str) -> tuple[str, frozenset[str]]:
        key, tokens = picture_id(url)
        return Key(key), Tokens(tokens)

    monkeypatch.setattr(images, "picture_id", counted_id)
    return count


def test_pictures_are_deduplicated_without_comparing_each_with_every_other(monkeypatch):
    figures = "".join(f'<figure><img src="/img/photo-{n:05d}x{n * 7919 % 100003:06d}.jpg" width="800">'
                      f'<figcaption>Picture {n}.</figcaption></figure>'
                      f'<figure><img src="/img/photo-{n:05d}x{n * 7919 % 100003:06d}-320x240.jpg" width="320">'
                      f'</figure><p>Paragraph {n} of a story told in many pictures, one after the other.</p>'
                      for n in range(1500))
    html = f"<html><head><title>Pictures</title></head><body><article><h1>Pictures</h1>{figures}</article></body></html>"
    comparisons = counted_picture_ids(monkeypatch)
    article = Article(url="https://news.test/2024/05/03/pictures.html")
    fill_images(article, gather_evidence(html, article.url))
    assert [i.caption for i in article.images] == [f"Picture {n}." for n in range(1500)]
    assert comparisons[0] < 3 * 1500  # about one for each rendition, not one for each earlier picture (over a million)


def test_renditions_that_only_their_folder_or_stem_tell_apart_are_one_picture():
    assert images.same_rendition("https://cdn.example/media/1738253380/valley.jpg",
                                 "https://cdn.example/media/1738253380/16x9/1200.jpg?format=webp")
    assert images.same_rendition("https://cdn.example/img/1065948_rain-in-the-valley_og-img_1FngrG_wfsU1b.jpg",
                                 "https://cdn.example/img/1065948_rain-in-the-valley_detail-800w_1FngrG_4Iql23.webp")
    assert not images.same_rendition("https://cdn.example/2024/05/IMG_20240501_123456.jpg",
                                     "https://cdn.example/2024/05/IMG_20240501_123789.jpg")
    assert not images.same_rendition("https://cdn.example/2024/05/valley.jpg", "https://cdn.example/2024/05/river.jpg")


def test_the_declared_lead_in_another_crop_is_not_added_twice():
    html = page(f'<article><figure><img src="/img/1065948_rain-returns-to-the-valley_detail-800w_1FngrG_4Iql23.webp">'
                f"<figcaption>Rain over the valley.</figcaption></figure>{PARAGRAPHS}</article>",
                '<meta property="og:image" content="https://news.example.com/img/1065948_rain-returns-to-the-valley_og-img_1FngrG_wfsU1b.jpg">')
    found = images_of(html).images
    assert [(i.url.rsplit("/", 1)[-1], i.caption, i.lead) for i in found] == \
        [("1065948_rain-returns-to-the-valley_detail-800w_1FngrG_4Iql23.webp", "Rain over the valley.", True)]


def test_a_variant_class_naming_a_profile_does_not_make_a_picture_furniture():
    html = page(f'<article>{PARAGRAPHS}<figure><div class="c-placeholder c-placeholder--has-profile">'
                f'<img src="/img/chart-growth-2024.jpg"></div><figcaption>Growth since 2019.</figcaption></figure>'
                f"{PARAGRAPHS}</article>")
    assert [i.caption for i in images_of(html).images] == ["Growth since 2019."]


def test_the_size_given_is_that_of_the_rendition_kept():
    html = page(f'<article><figure><img src="/img/train-800.jpg" width="800" height="450" '
                f'srcset="/img/train-800.jpg 800w, /img/train-1600.jpg 1600w"><figcaption>A train.</figcaption>'
                f"</figure>{PARAGRAPHS}</article>")
    image = images_of(html).images[0]
    assert (image.url.rsplit("/", 1)[-1], image.width, image.height) == ("train-1600.jpg", 1600, 900)
    lazy = page(f'<article><figure><img src="/img/train-800.jpg" width="800" height="450" '
                f'data-src="/img/train-full.jpg"><figcaption>A train.</figcaption></figure>{PARAGRAPHS}</article>')
    image = images_of(lazy).images[0]
    assert (image.url.rsplit("/", 1)[-1], image.width, image.height) == ("train-full.jpg", None, None)


def test_the_declared_size_of_the_lead_goes_with_its_url_only():
    html = page(PARAGRAPHS, '<meta property="og:image" content="https://news.example.com/img/lead.jpg">'
                            '<meta property="og:image:width" content="1200"><meta property="og:image:height" content="675">')
    lead = images_of(html).images[0]
    assert (lead.url, lead.width, lead.height) == ("https://news.example.com/img/lead.jpg", 1200, 675)
    other = page(PARAGRAPHS, '<meta name="twitter:image" content="https://news.example.com/img/card.jpg">'
                             '<meta property="og:image:width" content="1200">')
    assert images_of(other).images[0].width is None


def test_a_copyright_sign_left_before_a_credit_element_leaves_the_caption():
    html = page(f'<article><figure><img src="/img/stage.jpg"><figcaption><span>The stage at night.</span> © '
                f'<span itemprop="creditText">Jane Roe</span></figcaption></figure>{PARAGRAPHS}</article>')
    image = images_of(html).images[0]
    assert (image.caption, image.credit) == ("The stage at night.", "Jane Roe")


def test_an_alt_that_is_a_file_name_is_no_alt_text():
    html = page(f'<article><figure><img src="/img/20230202000725_0.jpeg" alt="20230202000725_0.jpeg">'
                f'<figcaption>A TV screen.</figcaption></figure><figure><img src="/img/b.jpg" alt="Rain on a roof">'
                f"<figcaption>Rain.</figcaption></figure>{PARAGRAPHS}</article>")
    assert [i.alt for i in images_of(html).images] == [None, "Rain on a roof"]


def test_credits_in_elements_of_their_own():
    labelled = page(f'<article><figure><img src="/img/a.jpg"><figcaption>Rain over the valley.</figcaption>'
                    f'<figcaption><strong>Image Credits:</strong> Jane Roe</figcaption></figure>{PARAGRAPHS}</article>')
    assert (images_of(labelled).images[0].caption, images_of(labelled).images[0].credit) == \
        ("Rain over the valley.", "Jane Roe")
    bracketed = page(f'<article><figure><img src="/img/a.jpg"><div class="caption"><p><span>Rain over the valley.'
                     f'</span> <span>(Valley Court, Eastern District)</span></p></div></figure>{PARAGRAPHS}</article>')
    image = images_of(bracketed).images[0]
    assert (image.caption, image.credit) == ("Rain over the valley.", "Valley Court, Eastern District")
    small = page(f'<article><figure><img src="/img/a.jpg"><div><small>Rain over the valley.</small> '
                 f'<small>© Jane Roe</small></div></figure>{PARAGRAPHS}</article>')
    image = images_of(small).images[0]
    assert (image.caption, image.credit) == ("Rain over the valley.", "Jane Roe")


def _caption_and_credit(figure: str) -> tuple:
    [image] = images_of(page(f"<article>{figure}{PARAGRAPHS}</article>")).images
    return image.caption, image.credit


def test_a_short_small_after_the_caption_text_is_its_credit():
    assert _caption_and_credit('<figure><img src="/img/a.jpg"><figcaption>Rain over the valley. '
                               '<small>Jane Roe</small></figcaption></figure>') == ("Rain over the valley.", "Jane Roe")
    # a <small> inside the sentence, or a long one, is part of the caption
    assert _caption_and_credit('<figure><img src="/img/a.jpg"><figcaption>Rain over the <small>valley</small> '
                               'at dawn.</figcaption></figure>') == ("Rain over the valley at dawn.", None)
    long_small = "<small>Rain fell over the whole valley for the first time in months.</small>"
    assert _caption_and_credit(f'<figure><img src="/img/a.jpg"><figcaption>Rain. {long_small}</figcaption></figure>') \
        == ("Rain. Rain fell over the whole valley for the first time in months.", None)


def test_credit_in_a_data_attribute_of_the_picture_or_its_figure():
    on_img = '<figure><img src="/img/a.jpg" data-credit="EPA"><figcaption>Rain over the valley.</figcaption></figure>'
    assert _caption_and_credit(on_img) == ("Rain over the valley.", "EPA")
    on_figure = ('<figure data-photo-copyright="Jane Roe/Agency"><img src="/img/a.jpg">'
                 '<figcaption>Rain over the valley.</figcaption></figure>')
    assert _caption_and_credit(on_figure) == ("Rain over the valley.", "Jane Roe/Agency")
    flags = ('<figure data-show-credit="true" data-credit-class="image-credit"><img src="/img/a.jpg">'
             '<figcaption>Rain over the valley.</figcaption></figure>')
    assert _caption_and_credit(flags) == ("Rain over the valley.", None)


def test_credit_marked_in_the_title_or_alt_of_the_picture():
    titled = '<figure><img src="/img/a.jpg" title="© Jane Roe"><figcaption>Rain over the valley.</figcaption></figure>'
    assert _caption_and_credit(titled) == ("Rain over the valley.", "Jane Roe")
    alt = '<figure><img src="/img/a.jpg" alt="Rain over the valley. Photo: Jane Roe"></figure>'
    assert _caption_and_credit(alt) == (None, "Jane Roe")
    # a label word inside the alt's sentence is no label, and the last words of a description no credit
    player = ('<figure><img src="/img/a.jpg" alt="Click to play video: \'Rain over the valley\'">'
              '<figcaption>Rain over the valley.</figcaption></figure>')
    assert _caption_and_credit(player) == ("Rain over the valley.", None)
    described = '<figure><img src="/img/a.jpg" alt="Rain over the valley. Jane Roe"></figure>'
    assert _caption_and_credit('<figure><img src="/img/a.jpg" alt="animals copyright free illustrations"></figure>') \
        == (None, None)
    assert _caption_and_credit(described) == (None, None)


def test_credit_elements_named_attribution_courtesy_or_byline():
    for name in ("attribution", "image-courtesy", "photo-byline"):
        figure = (f'<figure><img src="/img/a.jpg"><figcaption>Rain over the valley. <span class="{name}">'
                  f'Jane Roe</span></figcaption></figure>')
        assert _caption_and_credit(figure) == ("Rain over the valley.", "Jane Roe"), name


def test_json_ld_image_credit_from_any_of_its_credit_properties():
    for prop, value in (("copyrightHolder", {"@type": "Organization", "name": "Jane Roe"}),
                        ("author", [{"@type": "Person", "name": "Jane Roe"}]), ("copyrightNotice", "© Jane Roe")):
        data = {"@type": "NewsArticle", "headline": "H", "image": {
            "@type": "ImageObject", "url": "https://cdn.example.com/lead-2024.jpg", "caption": "Rain.", prop: value}}
        head = f'<script type="application/ld+json">{json.dumps(data)}</script>'
        [image] = images_of(page(f"<article>{PARAGRAPHS}</article>", head)).images
        assert (image.caption, image.credit) == ("Rain.", "Jane Roe"), prop


def test_a_short_small_of_the_figure_outside_its_caption_is_its_credit():
    figure = '<figure><img src="/img/a.jpg"><figcaption>Rain over the valley.</figcaption><small>Jane Roe</small></figure>'
    assert _caption_and_credit(figure) == ("Rain over the valley.", "Jane Roe")
    author_box = ('<div class="post-writer"><img src="/img/team-photo.jpg" width="150" height="150">'
                  '<small>WRITTEN BY</small></div>')
    images = images_of(page(f"<article>{author_box}{PARAGRAPHS}</article>")).images
    assert all(image.credit is None for image in images)


def test_drupal_media_fields_caption_and_credit_after_the_picture():
    fields = ('<div class="field field--name-field-media-image"><img src="/img/a.jpg"></div>'
              '<div class="field field--name-field-caption">Rain over the valley.</div>'
              '<div class="field field--name-field-credit">Jane Roe</div>')
    assert _caption_and_credit(fields) == ("Rain over the valley.", "Jane Roe")
