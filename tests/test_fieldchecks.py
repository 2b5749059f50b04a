"""Field validation within a page and consistency across the submission (fast: fields given directly)."""

from datetime import date

from pipeline.fieldchecks import cross_check, validate_page
from pipeline.models import Declared, Field, Page


def page(material, file=None, **fields):
    return Page(file=file or f"{material}.jpg", material=material, fields={k: Field(value=v) for k, v in fields.items()})


def fails(findings, code=None):
    return [f for f in findings if f.status == "fail" and (code is None or f.code == code)]


ID_CARD = page("id_card_front", name="张伟", sex="男", birth_date="1996-03-07", id_number="33010619960307123X")


def test_a_valid_page_raises_no_failure():
    good = [
        ID_CARD,
        page("id_card_back", issuing_authority="杭州市公安局西湖分局", valid_from="2016-03-07", valid_to="2036-03-07"),
        page("business_licence", uscc="91330100716105852F", name="杭州云栖科技有限公司", legal_representative="李明",
             capital="100万元", date="2015-05-01", address="杭州市西湖区文三路1号"),
        page("vocational_certificate", name="张伟", id_number="33010619960307123X", occupation="电工", level="二级",
             level_name="技师", date="2021-05-01", number="S3301234567890123"),
        page("marriage_certificate", holder="张伟", date="2020-05-20", number="J330106-2020-00123",
             id_number="33010619960307123X", spouse="李娜", spouse_id_number="11010519491231002X"),
        page("graduation_certificate", name="张伟", sex="男", birth_date="1996-03-07", length_of_study="四",
             study_period="2014-09/2018-06", level="本科", certificate_number="103361201805001234", date="2018-06-30"),
    ]
    for p in good:
        assert fails(validate_page(p, today=date(2026, 12, 1))) == [], p.material
    assert fails(cross_check(good, Declared())) == []


def test_a_wrong_credit_code_check_character_is_a_finding_with_the_expected_one():
    p = page("business_licence", uscc="91330100716105852E")
    (f,) = fails(validate_page(p), "USCC_INVALID")
    assert "F" in f.message_zh and "GB 32100-2015" in f.source
    assert p.fields["uscc"].valid is False


def test_impossible_future_and_reversed_dates_are_findings():
    p = page("id_card_back", valid_from="2036-03-07", valid_to="2016-03-07")
    future, order = fails(validate_page(p, today=date(2026, 12, 1)), "DATE_INVALID")
    assert "晚于今天" in future.message_zh and "2036-03-07" in future.message_zh
    assert "先后矛盾" in order.message_zh and "2016-03-07" in order.message_zh
    p = page("title_certificate", date="2021-02-30")
    assert "不是有效日期" in fails(validate_page(p), "DATE_INVALID")[0].message_zh
    p = page("title_certificate", date="2027-01-05")
    assert "晚于今天" in fails(validate_page(p, today=date(2026, 12, 1)), "DATE_INVALID")[0].message_zh
    p = page("labour_contract", start="2023-05-02", end="2023-05-01")
    assert fails(validate_page(p), "DATE_INVALID")


def test_a_vocational_level_and_its_name_must_agree():
    p = page("vocational_certificate", level="三级", level_name="技师")
    (f,) = fails(validate_page(p), "FIELD_INCONSISTENT")
    assert "三级" in f.message_zh and "技师" in f.message_zh


def test_a_study_period_that_contradicts_the_length_of_study():
    p = page("graduation_certificate", length_of_study="四", study_period="2014-09/2016-06")
    assert fails(validate_page(p), "FIELD_INCONSISTENT")


def test_a_marriage_number_from_another_year_than_the_registration():
    assert fails(validate_page(page("marriage_certificate", number="J330106-2019-00123", date="2020-05-20")),
                 "FIELD_INCONSISTENT")


def test_a_misread_certificate_number_is_a_format_finding():
    (f,) = fails(validate_page(page("vocational_certificate", number="8074134O416265")), "CERT_NUMBER_FORMAT")
    assert "8074134O416265" in f.message_zh


def test_the_applicants_name_is_found_wherever_each_material_prints_it():
    pages = [ID_CARD, page("labour_contract", employee="张伟", employer="杭州云栖科技有限公司"),
             page("rental_contract", tenant="张玮", landlord="王芳"),
             page("property_certificate", owner="张伟、李娜"),
             page("business_licence", legal_representative="王五")]  # the legal representative need not be the applicant
    bad = fails(cross_check(pages, Declared()), "CROSS_MISMATCH")
    assert len(bad) == 1 and bad[0].file == "rental_contract.jpg"
    assert "张玮" in bad[0].message_zh and "张伟" in bad[0].message_zh and "房屋租赁合同" in bad[0].message_zh


def test_birth_date_sex_and_id_number_agree_across_materials():
    pages = [ID_CARD, page("graduation_certificate", birth_date="1996-03-08", sex="女"),
             page("hukou_page", id_number="330106199603071234", birth_date="1996-03-07"),
             page("title_certificate", birth_month="1996-03")]
    bad = fails(cross_check(pages, Declared()), "CROSS_MISMATCH")
    assert {f.message_en.split(" differs")[0] for f in bad} == {"Birth date", "Sex", "ID number"}


def test_a_certificate_dated_before_the_birth_date_is_a_finding():
    pages = [ID_CARD, page("title_certificate", date="1995-06-01")]
    (f,) = fails(cross_check(pages, Declared()), "DATE_INVALID")
    assert "1996-03-07" in f.message_zh and f.file == "title_certificate.jpg"


def test_the_typed_data_must_agree_with_the_application_form_field_by_field():
    form = page("application_form", name="张伟", id_number="33010619960307123X", employer="杭州云栖科技有限公司",
                major="软件工程", education="本科", birth_month="1996-03", residence_address="杭州市西湖区文三路90号",
                hukou_address="安徽省合肥市蜀山区和平路256号")
    same = Declared(name="张伟", id_number="33010619960307123x", employer="杭州云栖科技有限公司", major="软件工程",
                    education="bachelor", birth_date=date(1996, 3, 7), residence_district="西湖区",
                    hukou_city="安徽省合肥市")
    assert fails(cross_check([form], same)) == []
    differs = same.model_copy(update={"employer": "杭州云栖数智科技有限公司", "education": "master",
                                      "residence_district": "拱墅区", "hukou_city": "杭州市"})
    bad = fails(cross_check([form], differs))
    assert len(bad) == 4
    assert all("网上填报信息" in f.message_zh and "申请表" in f.message_zh for f in bad)


def test_a_birth_date_read_without_its_day_is_compared_as_far_as_it_goes():
    month = page("returnee_work_permit", name="张伟", birth_date="1996-03", id_number="33010619960307123X")
    assert fails(validate_page(month), "ID_BIRTH_MISMATCH") == []
    other = page("returnee_work_permit", name="张伟", birth_date="1996-04", id_number="33010619960307123X")
    assert fails(validate_page(other), "ID_BIRTH_MISMATCH")[0].value == "1996-04"
    assert fails(validate_page(page("id_card_front", birth_date="1996-03-08", id_number="33010619960307123X")),
                 "ID_BIRTH_MISMATCH")
