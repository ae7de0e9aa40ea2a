"""decode_html: bytes to text as a browser would, and readable when the
declared charset is wrong."""
import pytest

from newsarchive.extraction.decode import decode_html, looks_like_mojibake

KOREAN = "서울에서 열린 회의에서 정부는 새로운 경제 정책을 발표했다. 전문가들은 이번 조치가 물가 안정에 도움이 될 것이라고 평가했다."
JAPANESE = "東京で開かれた会議で、政府は新しい経済政策を発表した。専門家は今回の措置が物価の安定に役立つと評価している。"
RUSSIAN = ("На заседании в Москве правительство объявило о новой экономической политике. "
           "Эксперты считают, что эти меры помогут стабилизировать цены.")
FRENCH = "Lors d’une réunion à Paris, le gouvernement a annoncé une nouvelle politique économique « ambitieuse »."


def page(text: str, meta: str = "") -> str:
    return (f"<html><head>{meta}<title>Titre</title></head>"
            f"<body><h1>{text[:20]}</h1><p>{text}</p><p>{text}</p></body></html>")


def test_bom_wins_over_a_wrong_http_charset():
    data = b"\xef\xbb\xbf" + page(RUSSIAN).encode("utf-8")
    assert decode_html(data, "text/html; charset=windows-1251") == page(RUSSIAN)


def test_http_charset_used():
    assert decode_html(page(RUSSIAN).encode("cp1251"), "text/html; charset=windows-1251") == page(RUSSIAN)


def test_meta_charset_used_without_http_charset():
    html = page(RUSSIAN, '<meta charset="windows-1251">')
    assert decode_html(html.encode("cp1251"), "text/html") == html


def test_http_equiv_content_type_read():
    html = page(JAPANESE, '<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">')
    assert decode_html(html.encode("shift_jis"), None) == html


def test_latin1_label_means_windows_1252():
    # 0x93/0x94 are control characters in ISO-8859-1, quotes in windows-1252
    data = page("He said \x93yes\x94 to the caf\xe9.").encode("latin-1")
    text = decode_html(data, "text/html; charset=ISO-8859-1")
    assert "He said “yes” to the café." in text


@pytest.mark.parametrize("text,real,declared", [
    (KOREAN, "euc-kr", "utf-8"),
    (KOREAN, "euc-kr", "iso-8859-1"),
    (JAPANESE, "shift_jis", "utf-8"),
    (JAPANESE, "shift_jis", "iso-8859-1"),
    (RUSSIAN, "cp1251", "utf-8"),
    (RUSSIAN, "cp1251", "iso-8859-1"),
], ids=["euc-kr-as-utf-8", "euc-kr-as-latin-1", "shift_jis-as-utf-8", "shift_jis-as-latin-1",
        "cp1251-as-utf-8", "cp1251-as-latin-1"])
def test_page_in_another_charset_than_declared_comes_out_readable(text, real, declared):
    html = page(text, f'<meta charset="{declared}">')
    assert text in decode_html(html.encode(real), f"text/html; charset={declared}")


@pytest.mark.parametrize("real,declared", [
    ("cp1251", "koi8-r"), ("cp1251", "koi8-u"), ("koi8-r", "windows-1251"), ("koi8-u", "windows-1251"),
    ("cp1251", "mac-cyrillic"), ("cp1251", "x-mac-cyrillic"),
])
@pytest.mark.parametrize("where", ["http", "meta"])
def test_cyrillic_in_a_code_page_of_the_same_script_than_declared_comes_out_readable(real, declared, where):
    html = page(RUSSIAN + " Я знаю, где твоя семья. " + RUSSIAN, f'<meta charset="{declared}">')
    content_type = f"text/html; charset={declared}" if where == "http" else None
    assert decode_html(html.encode(real), content_type) == html


def test_mojibake_of_a_code_page_of_the_same_script_is_detected():
    text = RUSSIAN + " Я знаю, где твоя семья."
    assert looks_like_mojibake(text.encode("cp1251").decode("koi8-r"))      # cases swapped: "мЮ ГЮЯЕДЮМХХ"
    assert looks_like_mojibake(text.encode("koi8-r").decode("cp1251"))
    assert looks_like_mojibake(text.encode("cp1251").decode("mac-cyrillic"))  # symbols in words: "тво€ семь€"
    assert not looks_like_mojibake(text)
    assert not looks_like_mojibake(text.upper())  # a page in capitals
    assert not looks_like_mojibake(text + " Цена: 5€, скидка ×2, iPhone и МГУ.")


def test_wrong_http_charset_falls_back_to_a_right_meta_charset():
    html = page(RUSSIAN, '<meta charset="windows-1251">')
    assert decode_html(html.encode("cp1251"), "text/html; charset=utf-8") == html


def test_utf8_declared_as_legacy_charset_is_utf8():
    html = page(FRENCH, '<meta charset="iso-8859-1">')
    assert decode_html(html.encode("utf-8"), None) == html


def test_stray_windows_1252_bytes_in_a_utf8_page_are_repaired():
    data = page(FRENCH).encode("utf-8") + "<p>Il a dit “oui” au café.</p>".encode("cp1252")
    text = decode_html(data, "text/html; charset=utf-8")
    assert FRENCH in text
    assert "Il a dit “oui” au café." in text


def test_character_cut_at_the_end_is_dropped_not_garbled():
    data = page(FRENCH).encode("utf-8") + "<p>déjà".encode("utf-8")[:-1]
    assert decode_html(data, "text/html; charset=utf-8").endswith("<p>déj")


def test_undeclared_western_page_reads_as_windows_1252():
    html = page("Die Regierung kündigte in München eine Maßnahme für Bürger an. Öffentlich äußerte sich niemand.")
    assert decode_html(html.encode("cp1252"), None) == html


def test_undeclared_cyrillic_page_is_detected():
    assert RUSSIAN in decode_html(page(RUSSIAN).encode("cp1251"), None)


def test_http_utf16_charset_honoured_only_for_utf16_bytes():
    html = page(RUSSIAN)
    assert decode_html(html.encode("utf-16-le"), "text/html; charset=utf-16le") == html
    assert decode_html(html.encode("utf-8"), "text/html; charset=utf-16") == html


def test_meta_utf16_label_means_utf8():
    html = page(FRENCH, '<meta charset="utf-16">')
    assert decode_html(html.encode("utf-8"), None) == html


def test_binary_data_decodes_without_error_and_keeps_nul_bytes():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256))
    assert "\x00" in decode_html(png, "text/html")


def test_mojibake_detected_but_real_text_not():
    assert looks_like_mojibake(KOREAN.encode("euc-kr").decode("cp1252", "replace"))
    assert looks_like_mojibake(RUSSIAN.encode("cp1251").decode("cp1252"))
    assert not looks_like_mojibake(FRENCH)
    assert not looks_like_mojibake("Chelsea activate the £71.6m release clause")
