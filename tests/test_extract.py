"""Classification and field extraction from OCR lines, as the engine returns them (split or merged)."""

from pipeline.classify import classify
from pipeline.extract import extract
from pipeline.fieldchecks import cross_check, validate_page
from pipeline.models import Declared, OcrLine, Page


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


def test_title_and_vocational_certificates_are_classified():
    title = lines("专业技术职务任职资格证书", "姓名：张伟", "资格名称：工程师", "级别：中级", "评审机构：浙江省人力资源和社会保障厅")
    voc = lines("职业资格证书", "姓名：张伟", "职业（工种）：电工", "等级：二级/技师", "发证日期：2021年5月1日")
    skill = lines("职业技能等级证书", "职业（工种）：焊工", "等级：三级/高级工")
    assert classify(title)[0] == "title_certificate"
    assert classify(voc)[0] == "vocational_certificate"
    assert classify(skill)[0] == "vocational_certificate"
