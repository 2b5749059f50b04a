"""Classification and field extraction from OCR lines, as the engine returns them (split or merged)."""

from pipeline.classify import classify
from pipeline.extract import extract
from pipeline.fieldchecks import cross_check, validate_page
from pipeline.models import Declared, Field, OcrLine, Page


def lines(*texts, conf=0.99):
    return [OcrLine(text=t, confidence=conf, box=[10, 40 * i, 10 + 30 * len(t), 40 * i + 30]) for i, t in enumerate(texts)]


ID_FRONT_SPLIT = lines("姓名", "张伟", "性别", "男", "民族", "汉", "出生", "1996年3月7日", "住址", "浙江省杭州市西湖区文三",
                       "路100号3幢2单元501室", "公民身份号码", "33010619960307123X")
ID_FRONT_MERGED = lines("姓名张伟性别男民族汉", "出生1996年3月7日", "住址浙江省杭州市西湖区文三路100号", "公民身份号码33010619960307123X")
GRAD = lines("普通高等学校", "毕业证书", "学生张伟，性别男，一九九六年三月七日生，于二〇一四", "年九月至二〇一八年六月在本校计算机科学与技术专业四",
             "年制本科学习，修完教学计划规定的全部课程，成绩合格", "，准予毕业。", "校名：浙江科技大学", "校（院）长：王建国",
             "证书编号：103361201805001234")


def test_id_card_front_fields_are_read_whether_the_engine_splits_or_merges_lines():
    for ls in (ID_FRONT_SPLIT, ID_FRONT_MERGED):
        assert classify(ls)[0] == "id_card_front"
        f = extract("id_card_front", ls)
        assert f["name"].value == "张伟" and f["sex"].value == "男" and f["ethnicity"].value == "汉"
        assert f["birth_date"].value == "1996-03-07"
        assert f["id_number"].value == "33010619960307123X"
        assert f["address"].value.startswith("浙江省杭州市西湖区文三路100号")


def test_a_field_spanning_two_lines_gets_the_union_box():
    f = extract("id_card_front", ID_FRONT_SPLIT)["address"]
    assert f.box[1] == 40 * 9 and f.box[3] == 40 * 10 + 30


def test_low_confidence_stray_marks_do_not_leak_into_fields():
    ls = ID_FRONT_SPLIT[:6] + [OcrLine(text="一", confidence=0.17, box=[0, 250, 10, 260])] + ID_FRONT_SPLIT[6:]
    assert extract("id_card_front", ls)["ethnicity"].value == "汉"


def test_a_photo_oval_read_as_a_letter_does_not_split_a_date():
    ls = GRAD[:2] + lines("学生张伟，性别男，一九九六年三月七日生，于二") + [OcrLine(text="O", confidence=0.93, box=[5, 5, 30, 40])] \
        + lines("〇一四年九月至二〇一八年六月在本校计算机科学与技术专业四") + GRAD[4:]
    assert extract("graduation_certificate", ls)["study_period"].value == "2014-09/2018-06"


def test_graduation_certificate_fields():
    assert classify(GRAD)[0] == "graduation_certificate"
    f = extract("graduation_certificate", GRAD)
    assert {k: v.value for k, v in f.items()} == {
        "name": "张伟", "sex": "男", "birth_date": "1996-03-07", "study_period": "2014-09/2018-06",
        "major": "计算机科学与技术", "length_of_study": "四", "level": "本科", "school": "浙江科技大学",
        "school_type": "普通高等学校", "certificate_number": "103361201805001234"}


def test_a_page_that_fits_nothing_is_unrecognized():
    assert classify(lines("今天天气很好", "我们去公园散步"))[0] == "unrecognized"
    assert classify([])[0] == "unrecognized"


def test_the_application_form_is_not_mistaken_for_an_id_card():
    form = lines("浙江省引进人才居住证申请表", "姓名", "张伟", "性别", "男", "民族", "汉", "身份证号码", "33010619960307123X",
                 "毕业院校", "浙江科技大学", "用人单位意见")
    assert classify(form)[0] == "application_form"


def test_a_labour_contract_mentioning_the_id_card_is_still_a_contract():
    c = lines("劳动合同书", "甲方（用人单位）：杭州云栖科技有限公司", "乙方（劳动者）：张伟", "居民身份证号码：33010619960307123X",
              "第一条 合同期限")
    assert classify(c)[0] == "labour_contract"


def test_invalid_check_digit_and_birth_date_mismatch_are_findings():
    ls = lines("姓名张伟性别女民族汉", "出生1996年3月8日", "住址杭州市", "公民身份号码330106199603071234")
    page = Page(file="id.jpg", page=1, material="id_card_front", fields=extract("id_card_front", ls))
    codes = {f.code: f for f in validate_page(page)}
    assert codes["ID_NUMBER_INVALID"].status == "fail" and "X" in codes["ID_NUMBER_INVALID"].message_zh
    page.fields["id_number"].value = "33010619960307123X"
    codes = {f.code: f for f in validate_page(page)}
    assert codes["ID_NUMBER_INVALID"].status == "pass"
    assert codes["ID_BIRTH_MISMATCH"].value == "1996-03-08"
    assert codes["ID_SEX_MISMATCH"].value == "女"


def test_names_are_cross_checked_between_documents_and_with_the_declared_data():
    idp = Page(file="id.jpg", material="id_card_front", fields=extract("id_card_front", ID_FRONT_MERGED))
    grad = Page(file="grad.jpg", material="graduation_certificate", fields=extract("graduation_certificate", GRAD))
    grad.fields["name"].value = "张玮"
    out = cross_check([grad, idp], Declared(name="张伟", id_number="33010619960307123x"))
    bad = [f for f in out if f.status == "fail"]
    assert len(bad) == 1 and bad[0].file == "grad.jpg"
    assert "张玮" in bad[0].message_zh and "张伟" in bad[0].message_zh
    assert [f.status for f in out if "公民身份号码" in f.message_zh] == ["pass"]  # declared id agrees (x normalised)


def test_a_name_read_from_a_page_too_unclear_to_read_is_a_possible_misreading_not_a_mismatch():
    idp = Page(file="id.jpg", material="id_card_front", fields=extract("id_card_front", ID_FRONT_MERGED))
    grad = Page(file="grad.jpg", material="graduation_certificate", fields=extract("graduation_certificate", GRAD),
                legible=False)
    grad.fields["name"].value = "张玮"
    out = [f for f in cross_check([grad, idp], Declared()) if "张玮" in f.message_zh]
    assert [f.status for f in out] == ["warn"]
    assert "误读" in out[0].message_zh and "misreading" in out[0].message_en and "张伟" in out[0].message_zh
    grad.legible = True
    assert [f.status for f in cross_check([grad, idp], Declared()) if "张玮" in f.message_zh] == ["fail"]


def test_a_wholly_different_name_read_with_confidence_on_an_unclear_page_is_another_persons_document():
    idp = Page(file="id.jpg", material="id_card_front", fields=extract("id_card_front", ID_FRONT_MERGED))
    grad = Page(file="grad.jpg", material="graduation_certificate", fields=extract("graduation_certificate", GRAD),
                legible=False)
    grad.fields["name"] = Field(value="李娜", confidence=0.97)
    assert [f.status for f in cross_check([grad, idp], Declared()) if "李娜" in f.message_zh] == ["fail"]
    grad.fields["name"] = Field(value="李娜", confidence=0.6)  # read without confidence: may be a misreading
    assert [f.status for f in cross_check([grad, idp], Declared()) if "李娜" in f.message_zh] == ["warn"]


def test_a_name_read_in_traditional_characters_is_the_same_name():
    idp = Page(file="id.jpg", material="id_card_front", fields=extract("id_card_front", ID_FRONT_MERGED))
    form = Page(file="form.jpg", material="application_form", fields={"name": Field(value="張偉", confidence=0.9)})
    out = [f for f in cross_check([idp, form], Declared(name="张伟")) if f.code == "CROSS_MISMATCH"]
    assert out and all(f.status == "pass" for f in out)
    form.fields["name"] = Field(value="張瑋", confidence=0.9)
    assert any(f.status == "fail" for f in cross_check([idp, form], Declared()) if f.code == "CROSS_MISMATCH")


def test_traditional_characters_read_on_a_mainland_document_become_simplified_but_standard_ones_stay():
    from pipeline.script import simplified

    assert simplified("段靜 黃霞阳 袁強強 畢業證書") == "段静 黄霞阳 袁强强 毕业证书"
    # 乾 and 於 are characters of the simplified standard set in their own right (names): never changed
    assert simplified("张乾 於明 周喆 2020年 AB-12") == "张乾 於明 周喆 2020年 AB-12"


def test_two_legible_pages_that_disagree_are_a_mismatch_even_when_the_id_card_is_unclear():
    idp = Page(file="id.jpg", material="id_card_front", fields=extract("id_card_front", ID_FRONT_MERGED),
               legible=False)
    grad = Page(file="grad.jpg", material="graduation_certificate", fields=extract("graduation_certificate", GRAD))
    lease = Page(file="lease.jpg", material="rental_contract", fields={"tenant": Field(value="张伟")})
    grad.fields["name"].value = "李娜"
    idp.fields["name"].confidence = 0.6  # read unsure from the unclear card: a possible misreading only
    bad = [f for f in cross_check([idp, grad, lease], Declared()) if f.status == "fail"]
    assert len(bad) == 1 and "李娜" in bad[0].message_zh and "张伟" in bad[0].message_zh
    assert "id.jpg" not in bad[0].message_zh  # the unclear ID card is not the reference


def test_title_and_vocational_certificates_are_classified():
    title = lines("专业技术职务任职资格证书", "姓名：张伟", "资格名称：工程师", "级别：中级", "评审机构：浙江省人力资源和社会保障厅")
    voc = lines("职业资格证书", "姓名：张伟", "职业（工种）：电工", "等级：二级/技师", "发证日期：2021年5月1日")
    skill = lines("职业技能等级证书", "职业（工种）：焊工", "等级：三级/高级工")
    assert classify(title)[0] == "title_certificate"
    assert classify(voc)[0] == "vocational_certificate"
    assert classify(skill)[0] == "vocational_certificate"


# ------------------------------------------------------------ every material type, on OCR lines captured once
import json  # noqa: E402

import pytest  # noqa: E402

from pipeline.extract import EXPECTED_FIELDS  # noqa: E402
from pipeline.models import OcrLine as _Line  # noqa: E402
from tests.conftest import ROOT  # noqa: E402

FIXTURES = sorted((ROOT / "tests" / "fixtures" / "ocr").glob("*.json"))


def _fixture(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    return data, [_Line(**ln) for ln in data["lines"]]


def test_there_is_a_fixture_for_every_material_type():
    from samples.materials import MATERIALS

    assert {p.stem for p in FIXTURES} == set(MATERIALS)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_every_material_is_classified_and_every_printed_field_is_read_exactly(path):
    """Lines as the default engine read a rendered document (tests/fixtures/ocr, made once); fields as printed."""
    data, ls = _fixture(path)
    assert classify(ls)[0] == data["material"]
    fields = extract(data["material"], ls)
    wanted = {k: v for k, v in data["fields"].items() if k in EXPECTED_FIELDS.get(data["material"], ())}
    assert {k: fields[k].value for k in wanted if k in fields} == wanted
    for f in fields.values():  # every value says where it came from and how sure the OCR was
        assert f.box and f.box[2] > f.box[0] and f.box[3] > f.box[1] and 0 < f.confidence <= 1


def test_every_expected_field_is_printed_by_some_material():
    printed = {}
    for path in FIXTURES:
        data, _ = _fixture(path)
        printed[data["material"]] = set(data["fields"])
    for material, fields in EXPECTED_FIELDS.items():
        assert set(fields) <= printed[material] | {"phone", "residence_address", "major"}, material


def test_the_value_box_is_the_part_of_the_line_that_holds_the_value():
    ls = lines("姓名：张伟")
    ls[0].box = [0, 0, 500, 30]
    f = extract("hukou_page", ls)["name"]
    assert f.value == "张伟" and f.box == [300, 0, 500, 30]


def test_values_in_cells_right_of_their_labels_are_read_by_position_even_out_of_order():
    """A form row read as label, label, value, value (the handwriting sits a little higher than the print)."""
    form = [
        _Line(text="浙江省引进人才居住证申请表", confidence=0.99, box=[300, 80, 900, 130]),
        _Line(text="张伟", confidence=0.98, box=[320, 215, 420, 255]),
        _Line(text="男", confidence=0.98, box=[1000, 215, 1040, 255]),
        _Line(text="姓名", confidence=0.99, box=[96, 234, 160, 262]),
        _Line(text="性别", confidence=0.99, box=[790, 234, 850, 262]),
        _Line(text="身份证号码", confidence=0.99, box=[96, 312, 236, 340]),
        _Line(text="33010619960307123X", confidence=0.97, box=[320, 300, 700, 335]),
        _Line(text="联系电话", confidence=0.99, box=[96, 390, 210, 418]),
        _Line(text="工作单位", confidence=0.99, box=[96, 468, 210, 496]),
        _Line(text="杭州云栖科技有限公司", confidence=0.95, box=[320, 460, 700, 495]),
    ]
    f = extract("application_form", form)
    assert f["name"].value == "张伟" and f["sex"].value == "男" and f["id_number"].value == "33010619960307123X"
    assert f["employer"].value == "杭州云栖科技有限公司"
    assert "phone" not in f  # a blank cell is not filled from its neighbour


def test_ocr_confusions_in_numbers_are_corrected_only_where_digits_belong():
    ls = lines("职业资格证书", "姓名：张伟", "证件号码：33010619960307l23X", "证书编号：8074134O416265")
    f = extract("vocational_certificate", ls)
    assert f["id_number"].value == "33010619960307123X" and f["number"].value == "80741340416265"
    assert f["name"].value == "张伟"


def test_a_credit_code_read_with_letter_o_for_zero():
    f = extract("business_licence", lines("营业执照", "统一社会信用代码：91330100716105852F".replace("0", "O", 1)))
    assert f["uscc"].value == "91330100716105852F"


def test_the_social_insurance_table_counts_paid_backpaid_and_missing_months():
    rows = ["202310", "正常", "202311", "未缴", "202312", "补缴", "202402", "正常"]  # 2024-01 is absent
    f = extract("social_insurance_certificate", lines("社会保险参保证明", "姓名：张伟", "缴费年月", "缴费状态", *rows))
    assert (f["months_paid"].value, f["months_backpaid"].value, f["months_missing"].value) == ("2", "1", "2")


def test_nothing_is_guessed_from_a_page_that_lacks_the_labels():
    assert extract("title_certificate", lines("专业技术职务任职资格证书", "今天天气很好")) == {}


@pytest.mark.parametrize("angle", [-8.0, -3.0, 3.0, 8.0])
def test_form_cells_are_matched_to_their_labels_on_a_skewed_page(angle):
    """The form's lines as read, turned by ``angle`` degrees (each box the bounds of its turned corners) and
    given in scrambled order: rows drift, so cells are matched along the page's measured margin."""
    import math
    import random

    data, ls = _fixture(ROOT / "tests" / "fixtures" / "ocr" / "application_form.json")
    a = math.radians(angle)
    turned = []
    for ln in ls:
        x0, y0, x1, y1 = ln.box
        pts = [(x * math.cos(a) - y * math.sin(a), x * math.sin(a) + y * math.cos(a))
               for x, y in ((x0, y0), (x1, y0), (x0, y1), (x1, y1))]
        xs, ys = [p[0] + 400 for p in pts], [p[1] + 400 for p in pts]
        turned.append(_Line(text=ln.text, confidence=ln.confidence,
                            box=[round(min(xs)), round(min(ys)), round(max(xs)), round(max(ys))]))
    random.Random(1).shuffle(turned)
    fields = extract("application_form", turned)
    assert {k: fields[k].value for k in data["fields"] if k in fields} == data["fields"]


def test_a_seal_character_read_after_the_school_name_is_not_part_of_it():
    for tail in ("校名：杭州电子科技大学州", "校名：浙江经贸职业技术学院校（院)长：孔红梓"):
        f = extract("graduation_certificate", GRAD[:6] + lines(tail, "证书编号：103361201805001234"))
        assert f["school"].value in ("杭州电子科技大学", "浙江经贸职业技术学院")


def test_a_table_row_whose_state_was_not_read_gives_no_month_counts():
    rows = ["202310", "正常", "202311", "202312", "补缴"]
    f = extract("social_insurance_certificate", lines("社会保险参保证明", "姓名：张伟", "缴费年月", "缴费状态", *rows))
    assert "months_paid" not in f and "months_missing" not in f and f["table_period"].value == "2023-10/2023-12"


def test_states_drifting_half_a_row_on_a_photo_stay_with_their_months():
    """Each month and each state a cell of its own, the state column half a row lower (a turned photo)."""
    ls = [_Line(text="社会保险参保证明", confidence=0.99, box=[200, 100, 600, 140]),
          _Line(text="缴费年月", confidence=0.99, box=[200, 380, 260, 400]),
          _Line(text="缴费状态", confidence=0.99, box=[650, 385, 710, 405])]
    for k, (month, state) in enumerate([("202401", "补缴"), ("202402", "正常"), ("202403", "未缴"), ("202404", "正常")]):
        y = 420 + 26 * k
        ls += [_Line(text=month, confidence=0.99, box=[208, y, 254, y + 18]),
               _Line(text=state, confidence=0.99, box=[665, y + 13, 695, y + 33])]
    f = extract("social_insurance_certificate", ls)
    assert (f["months_paid"].value, f["months_backpaid"].value, f["months_missing"].value) == ("2", "1", "1")


def _case(name):
    data = json.loads((ROOT / "tests" / "fixtures" / "ocr" / "cases" / name).read_text(encoding="utf-8"))
    return data, [_Line(**d) for d in data["lines"]]


def test_a_birth_date_running_on_into_the_body_is_not_the_date_of_issue():
    """A motion-blurred scan: 生 after the birth date read as 年, the real date of issue unreadable."""
    data, ls = _case("graduation_certificate_motion_blur.json")
    assert "date" not in extract("graduation_certificate", ls)
    body = GRAD[:2] + lines("学生张伟，性别男，一九九六年三月七日", "生，于二〇一四年九月至二〇一八年六月在本校计算机科学与技术专业四") + GRAD[4:]
    assert "date" not in extract("graduation_certificate", body)  # 生 wrapped onto the next line


def test_the_date_of_issue_stands_apart_even_with_a_seal_character_beside_it():
    ls = GRAD + lines("二〇一八年六月三十日学")
    assert extract("graduation_certificate", ls)["date"].value == "2018-06-30"
    ls = GRAD[:-1] + lines("校（院）长：王建国二〇一八年六月三十日", "证书编号：103361201805001234")
    assert extract("graduation_certificate", ls)["date"].value == "2018-06-30"


def test_a_lone_sex_glyph_the_detector_missed_is_read_again_from_its_cell():
    from pipeline.extract import reread_missing

    data, ls = _case("id_card_front_sex_not_detected.json")
    fields = extract("id_card_front", ls)
    assert "sex" not in fields  # the page's own reading has no 男
    label = next(ln for ln in ls if ln.text == "性别")
    nation = next(ln for ln in ls if ln.text.startswith("民族"))
    asked = []

    def read(box):
        asked.append(box)
        return [_Line(text="男", confidence=0.99, box=[30, 12, 62, 48])]

    got = reread_missing("id_card_front", ls, fields, read)
    x0, y0, x1, y1 = asked[0]
    assert x0 >= label.box[2] - 2 and x1 <= nation.box[0] and y0 < label.box[1] and y1 > label.box[3]
    assert got["sex"].value == data["fields"]["sex"] and got["sex"].box == [x0 + 30, y0 + 12, x0 + 62, y0 + 48]


@pytest.mark.parametrize("read_back", [[], ["男民"], ["女", "男"], ["勇"]])
def test_a_cell_read_again_gives_a_value_only_when_it_holds_nothing_else(read_back):
    from pipeline.extract import reread_missing

    _, ls = _case("id_card_front_sex_not_detected.json")
    fields = extract("id_card_front", ls)
    got = reread_missing("id_card_front", ls, fields,
                         lambda box: [_Line(text=t, confidence=0.99, box=[0, 0, 30, 30]) for t in read_back])
    assert "sex" not in got


def test_a_field_already_read_is_not_read_again():
    from pipeline.extract import reread_missing

    fields = extract("id_card_front", ID_FRONT_SPLIT)
    assert reread_missing("id_card_front", ID_FRONT_SPLIT, fields, lambda box: 1 / 0)["sex"].value == "男"


def test_a_value_cell_whose_box_overlaps_its_label_a_little_is_still_the_value():
    """A messaging copy of a residence permit: the detector's box of the value starts under the label's end."""
    ls = [_Line(text="上海市居住证", confidence=1.0, box=[479, 182, 837, 245]),
          _Line(text="姓名周洋敏", confidence=1.0, box=[228, 291, 402, 329]),
          _Line(text="有效期限", confidence=1.0, box=[228, 568, 354, 599]),
          _Line(text="至2025年9月12日", confidence=1.0, box=[338, 566, 595, 601])]
    assert extract("sh_residence_permit", ls)["valid_to"].value == "2025-09-12"


def test_a_property_certificate_number_keeps_its_full_width_brackets():
    ls = lines("不动产权证书", "浙(2019)杭州市不动产权第9529801号", "权利人：郝桂凯")
    assert extract("property_certificate", ls)["number"].value == "浙（2019）杭州市不动产权第9529801号"


def test_an_id_card_birth_date_without_its_day_is_not_read():
    """The day was pasted over: the card prints a full date, so half of it is no value (and no mismatch)."""
    _, ls = _case("id_card_front_day_pasted_over.json")
    f = extract("id_card_front", ls)
    assert "birth_date" not in f and f["id_number"].value == "510104198009040453"
    page = Page(file="id.jpg", page=1, material="id_card_front", fields=f)
    assert [x.code for x in validate_page(page) if x.status == "fail"] == []
    assert any(x.code == "FIELD_MISSING" and x.value == "birth_date" for x in validate_page(page))
