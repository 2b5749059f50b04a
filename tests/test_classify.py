"""Page classification: exact titles and words, long titles read with a few characters wrong, never a guess."""

from pipeline.classify import classify, holds_title
from pipeline.models import OcrLine


def lines(*texts: str, height: int = 30) -> list[OcrLine]:
    return [OcrLine(text=t, confidence=0.9, box=[0, 40 * i, 20 * len(t), 40 * i + height]) for i, t in enumerate(texts)]


def test_a_long_title_with_two_characters_misread_still_names_the_form():
    # what PP-OCR read from a strongly blurred application form (引→但, 住→位)
    page = lines("浙江省但进人才居位证申请表", "a", "8608R808")
    assert classify(page)[0] == "application_form"


def test_a_title_certificate_read_through_blur_is_a_title_certificate():
    page = lines("专业技术联务任联资格证书", "Hil")
    assert classify(page)[0] == "title_certificate"


def test_three_characters_wrong_in_a_ten_character_title_is_too_many():
    page = lines("浙江省但进人才属位证申调表")
    assert classify(page)[0] == "unrecognized"


def test_short_titles_must_be_read_exactly():
    # 学位证书 and 毕业证书 differ in two of four characters; one misread character must not decide
    assert not holds_title("毕位证书", "学位证书", None)
    assert classify(lines("毕位证书"))[0] == "unrecognized"


def test_fuzzy_matching_is_bounded_by_the_edit_share():
    from pipeline.classify import FuzzyTitle

    fz = FuzzyTitle(min_length=6, max_edit_share=0.2)
    assert holds_title("专业技术联务任联资格证书", "专业技术职务任职资格证书", fz)  # 2 of 12
    assert not holds_title("专业技术资格证书", "职业资格证书", fz)  # 2 of 6: another certificate
    assert holds_title("xx职业资格证与xx", "职业资格证书", fz)  # a character dropped at the end: 1 of 6
    assert not holds_title("", "职业资格证书", fz)


def test_a_blurred_id_card_is_named_by_its_labels_one_long_label_read_nearly():
    # a strongly blurred ID card read at a third of its size: 公民身份号码 came out as 公民抛份号码
    page = lines("独看注静浩", "性别男民族汉", "出生", "1984年7月13日", "往址", "公民抛份号码", "330382198407132595")
    assert classify(page)[0] == "id_card_front"
    # without the near label only three words are left: not enough to name the page
    assert classify(page[:5] + page[6:])[0] == "unrecognized"


def test_exact_words_win_over_a_near_title():
    # a labour contract that also mentions (inexactly) the form's title is still a labour contract
    page = lines("劳动合同", "甲方", "乙方", "合同期限", "附：引进人才居住证申靖表")
    assert classify(page)[0] == "labour_contract"


def test_a_line_near_two_titles_is_not_settled_by_a_coin_toss(monkeypatch):
    from pipeline import classify as c

    types, min_score, fz = c._config()
    twin = c.MaterialType("twin", "孪生", "twin", ("引进人才居住证申请单",), ())
    monkeypatch.setattr(c, "_config", lambda: ({**types, "twin": twin}, min_score, fz))
    assert classify(lines("引进人才居住证申请xx"))[0] == "unrecognized"


def _process_blurred_form(sigma: float, seal: bool = True, ink: tuple[int, int, int] | None = None):
    import cv2

    from pipeline.imageio import DecodedPage, ImageMeta
    from pipeline.ocr import get_engine
    from pipeline.run import process_page
    from samples import docgen as g
    from tests.synth import EDU, PERSON, bgr, doc

    if seal and ink is None:
        image = bgr(doc("form"))
    else:
        fd = g.FormData(PERSON, EDU, "杭州云栖科技有限公司")
        fd.with_seal, fd.ink = seal, ink or fd.ink
        image = bgr(g.on_scanner_bed(g.application_form(fd)))
    page = DecodedPage(page=1, image=cv2.GaussianBlur(image, (0, 0), sigma), meta=ImageMeta())
    return process_page(page, "申请表.jpg", ("scan", "ocr"), get_engine())


def test_a_form_too_blurred_to_read_at_full_size_is_named_from_a_smaller_reading(monkeypatch):
    import pipeline.run as run

    page = _process_blurred_form(6)
    assert any(f.code == "SCAN_CLARITY" and f.status == "fail" for f in page.findings)
    assert page.material == "application_form"
    assert not any(f.code == "PAGE_UNRECOGNIZED" for f in page.findings)
    # boxes refer to the full-size page again
    assert max(ln.box[2] for ln in page.text) > 0.6 * page.width
    monkeypatch.setattr(run, "BLUR_REREAD_SCALES", ())
    assert _process_blurred_form(6).material == "unrecognized"


def test_on_a_page_too_blurred_to_read_reliably_what_was_read_is_not_held_against_the_applicant(monkeypatch):
    import pipeline.formchecks as formchecks
    import pipeline.run as run

    read_codes = ("FORM_", "ID_", "CERT_", "DATE_", "FIELD_", "USCC_")
    page = _process_blurred_form(6, seal=False, ink=(160, 30, 40))  # red pen: a seal could be there, blurred away
    read = [f for f in page.findings if f.code.startswith(read_codes)]
    assert not page.legible and not any(f.status == "fail" for f in read)
    assert any(f.code == "FORM_SEAL_MISSING" and f.status == "warn" for f in read)
    doubted = [f for f in read if f.status == "warn" and "误读" in f.message_zh]
    assert doubted and all("misreading" in f.message_en for f in doubted)
    # the same page judged as if it were legible: those findings are failures
    monkeypatch.setattr(run, "LEGIBILITY_CHECKS", set())
    monkeypatch.setattr(formchecks, "SEAL_LEGIBILITY_CHECKS", set())
    again = {(f.code, f.status) for f in _process_blurred_form(6, seal=False, ink=(160, 30, 40)).findings}
    assert {(f.code, "fail") for f in doubted} <= again
