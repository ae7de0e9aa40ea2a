"""Splitting a photo caption from the credit printed inside it."""
import pytest

from newsarchive.extraction.credits import clean_credit, looks_like_credit, split_credit

KOREA_HERALD = (
    "A TV screen shows a news program reporting about North Korea's missile launch with file footage "
    "in Seoul, South Korea, Thursday, Oct. 31, 2024. North Korea said its first test of a new missile "
    "is an 'extreme red line.' (AP Photo/Ahn Young-joon)"
)


def test_parenthesised_agency_credit_is_split_off():
    caption, credit = split_credit(KOREA_HERALD)
    assert credit == "AP Photo/Ahn Young-joon"
    assert caption.endswith("is an 'extreme red line.'")
    assert "AP Photo" not in caption


@pytest.mark.parametrize("text, caption, credit", [
    ("Erst fiel der linke Kühlturm, dann der rechte. Foto: Peter Kneffel/dpa",
     "Erst fiel der linke Kühlturm, dann der rechte.", "Peter Kneffel/dpa"),
    ("Der Kanzler in Berlin (Foto: dpa)", "Der Kanzler in Berlin", "dpa"),
    ("Der Kanzler in Berlin / dpa", "Der Kanzler in Berlin", "dpa"),
    ("Trump in Florida | Getty Images", "Trump in Florida", "Getty Images"),
    ("Paris at night © AFP", "Paris at night", "AFP"),
    ("Swedish police officer - Fredrik Persson/AP", "Swedish police officer", "Fredrik Persson/AP"),
    ("Trump only stayed in the court for about an hour. AP",
     "Trump only stayed in the court for about an hour.", "AP"),
    ("Povilas Aleksandravičius / J. Stacevičiaus / LRT nuotr.", "Povilas Aleksandravičius",
     "J. Stacevičiaus / LRT nuotr."),
    ("Bild: SN/APA/KEYSTONE", None, "SN/APA/KEYSTONE"),
    ("서울 시내 모습 사진=연합뉴스", "서울 시내 모습", "연합뉴스"),
    ("尹大統領の発言をテレビで見る国民（ソウルで、３日）＝ＡＰ", "尹大統領の発言をテレビで見る国民（ソウルで、３日）", "ＡＰ"),
    ("警視庁を出る容疑者＝13日、東京・霞ケ関で（潟沼義樹撮影）", "警視庁を出る容疑者＝13日、東京・霞ケ関で", "潟沼義樹"),
])
def test_credit_shapes(text, caption, credit):
    assert split_credit(text) == (caption, credit)


@pytest.mark.parametrize("text", [
    "Ein Mitglied der Al-Quds-Brigade bei einer Kundgebung. (Archivbild)",
    "Quantumscape – Präsentation (1:24:10)",
    "A man (left) and a woman (right) walk home.",
    "Das Bild zeigt: nichts Besonderes",
    "He met her in Paris. Then they left.",
    "Die Lage in Kiew - ein Überblick",
    "評価検討会＝１３日午後１０時３１分",
    "The pool - a private villa",
    "Jonathan P. Blair",
    "How the vote works (Video)",
])
def test_captions_without_credit_stay_whole(text):
    assert split_credit(text) == (text, None)


def test_empty_caption():
    assert split_credit("  ") == (None, None)


def test_clean_credit_drops_label_and_copyright_sign():
    assert clean_credit("Foto: dpa") == "dpa"
    assert clean_credit("© Eran Yardeni/GPO/dpa") == "Eran Yardeni/GPO/dpa"
    assert clean_credit("(Alketa Misja (dpa/picture alliance via Getty))") == \
        "Alketa Misja (dpa/picture alliance via Getty)"
    assert clean_credit("(Image: Getty Images/iStockphoto)") == "Getty Images/iStockphoto"


def test_looks_like_credit():
    assert looks_like_credit("Getty Images/iStockphoto")
    assert looks_like_credit("Jane Doe/Reuters")
    assert not looks_like_credit("the minister said on Monday that the plan would go ahead as agreed")


def test_by_before_the_photographer_is_not_part_of_the_credit():
    assert clean_credit("by Ana Souza / AFP") == "Ana Souza / AFP"
    assert clean_credit("Foto: von Jonas Weber") == "Jonas Weber"
    assert clean_credit("Bypass Studios") == "Bypass Studios"


@pytest.mark.parametrize("text, caption, credit", [
    ("The valley at dawn. Image Credits: Jane Roe", "The valley at dawn.", "Jane Roe"),
    ("De vallei bij zonsopgang. Beeld: Jan Jansen", "De vallei bij zonsopgang.", "Jan Jansen"),
    ("O vale ao amanhecer. Fonte: Agência Vale", "O vale ao amanhecer.", "Agência Vale"),
    ("Vadi şafakta. Fotoğraf: Ali Yılmaz", "Vadi şafakta.", "Ali Yılmaz"),
    ("The valley at dawn. ©", "The valley at dawn.", None),
    ("The valley at dawn. Photo:", "The valley at dawn.", None),
])
def test_labels_of_more_languages_and_labels_left_alone(text, caption, credit):
    assert split_credit(text) == (caption, credit)


@pytest.mark.parametrize("label", [
    "Bilde:", "Kuvat:", "Pilt:", "Ilustracja:", "Snimio:", "Слика:", "Світлина:", "تصوير:", "الصورة:", "عکس:",
    "Ảnh:", "Sumber:", "Gambar:", "Larawan:", "ছবি:", "फोटो:", "तस्वीर:", "ภาพ:", "Fot.", "Zdj.",
    "Crédito de la foto:", "Foto/Imagen:", "Crédits photo :",
])
def test_credit_labels_of_more_newsrooms(label):
    assert split_credit(f"Rain over the valley. {label} Jane Roe") == ("Rain over the valley.", "Jane Roe")


@pytest.mark.parametrize("text, caption, credit", [
    ("Rain over the valley. Photo by Jane Roe.", "Rain over the valley.", "Jane Roe"),
    ("Rain over the valley. (Photograph by Jane Roe/Agency)", "Rain over the valley.", "Jane Roe/Agency"),
    ("Regen über dem Tal. Foto von Jana Roth", "Regen über dem Tal.", "Jana Roth"),
    ("Rain over the valley. Photo/Jane Roe", "Rain over the valley.", "Jane Roe"),
    ("Rain over the valley. PHOTO | JANE ROE", "Rain over the valley.", "JANE ROE"),
    ("山谷里的雨。图/新华社", "山谷里的雨。", "新华社"),
    ("Rain over the valley. Foto © Jane Roe", "Rain over the valley.", "Jane Roe"),
])
def test_a_label_and_a_name_after_the_caption(text, caption, credit):
    assert split_credit(text) == (caption, credit)


@pytest.mark.parametrize("text", [
    "A photo by the lake.",
    "Das Foto von Anna Weber ging um die Welt.",
    "Sumber air di desa itu mengering.",
    "The picture/video shows a crowd.",
    "Kryžius, asociatyvi nuotr.",
])
def test_label_words_inside_a_caption_are_no_label(text):
    assert split_credit(text) == (text, None)


@pytest.mark.parametrize("text, caption, credit", [
    ("雨の谷（写真：共同）", "雨の谷", "共同"),
    ("山谷里的雨。新华社记者 李贺 摄", "山谷里的雨。", "新华社记者 李贺"),
    ("山谷里的雨（李贺 摄）", "山谷里的雨", "李贺"),
    ("서울 시내 모습. /연합뉴스", "서울 시내 모습.", "연합뉴스"),
    ("Hujan di lembah / Antara", "Hujan di lembah", "Antara"),
    ("Дождь над долиной | ТАСС", "Дождь над долиной", "ТАСС"),
])
def test_credits_of_asian_and_east_european_newsrooms(text, caption, credit):
    assert split_credit(text) == (caption, credit)


@pytest.mark.parametrize("text", ["山谷里的雨。摄影展开幕", "新的摄像头"])
def test_chinese_words_with_the_photographed_mark_inside_stay_caption(text):
    assert split_credit(text) == (text, None)


def test_a_capitalised_name_in_brackets_after_the_last_sentence_is_the_credit():
    assert split_credit("The islands have been listed for sale. (Bespoke Real Estate)") == \
        ("The islands have been listed for sale.", "Bespoke Real Estate")
    assert split_credit("The islands were sold. (Christie's)") == ("The islands were sold.", "Christie's")
    assert split_credit("(The Independent)") == (None, "The Independent")
    for text in ("The islands have been listed for sale. (Archivbild)", "Die Insel im Mai. (Symbolfoto)",
                 "The team at home. (From left)", "The team at home. (Summer 2010)", "Der Parteitag. (AfD)",
                 "The Prime Minister (Jane Roe) at home"):
        assert split_credit(text) == (text, None)


def test_the_label_left_out_of_a_credit_is_a_whole_word_and_no_agency():
    assert clean_credit("picture alliance / SZ Photo") == "picture alliance / SZ Photo"
    assert clean_credit("Photograph: Jane Roe/Getty Images") == "Jane Roe/Getty Images"
    assert clean_credit("Bildquelle: EU-Kommission") == "EU-Kommission"
    assert clean_credit("Credit... Jane Roe/The Paper") == "Jane Roe/The Paper"
    assert clean_credit("Illustrations: Jane Roe") == "Jane Roe"
    assert split_credit("Rain over the valley. Foto: Jane Roe (Archiv)") == ("Rain over the valley.", "Jane Roe (Archiv)")
