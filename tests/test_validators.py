import pytest

from pipeline.validators import (cert_number_problem, cn_int, id_birth_date, id_check_char, id_problem, id_sex,
                                 parse_cn_date)


def test_gb11643_check_digit_of_the_standard_example():
    assert id_check_char("11010519491231002") == "X"
    assert id_problem("11010519491231002X") is None
    assert id_problem("11010519491231002x") is None


def test_a_wrong_check_digit_is_reported_with_the_expected_one():
    assert id_problem("110105194912310021") == ("check", "X")


@pytest.mark.parametrize("bad", ["1101051949123100", "11010519491331002X", "ABCDEFGHIJKLMNOPQR"])
def test_malformed_numbers_and_impossible_birth_dates_are_format_errors(bad):
    problem = id_problem(bad)
    assert problem is not None and problem[0] in ("format", "check")


def test_birth_date_and_sex_from_the_number():
    assert id_birth_date("11010519491231002X").isoformat() == "1949-12-31"
    assert id_sex("11010519491231002X") == "女"
    assert id_sex("110105194912310010") == "男"


@pytest.mark.parametrize("text,value", [("二〇一八", 2018), ("十二", 12), ("三十", 30), ("二十三", 23), ("九", 9), ("十", 10)])
def test_chinese_numerals(text, value):
    assert cn_int(text) == value


@pytest.mark.parametrize("text,value", [
    ("一九九六年三月七日生", (1996, 3, 7)),
    ("于二〇一四年九月至", (2014, 9, None)),
    ("2020年6月30日", (2020, 6, 30)),
    ("二〇二〇年十三月", None),
])
def test_chinese_dates(text, value):
    assert parse_cn_date(text) == value


def test_graduation_certificate_numbers():
    assert cert_number_problem("103361201805001234", "本科", 2018) is None
    assert "level" in cert_number_problem("103361201806001234", "本科", 2018)
    assert "year" in cert_number_problem("103361201905001234", "本科", 2018)
    assert cert_number_problem("10336120180500123") == "18 digits expected"


# ------------------------------------------------------------ unified social credit code (GB 32100-2015)
from pipeline.validators import (date_exists, format_problem, parse_date, uscc_check_char,  # noqa: E402
                                 uscc_problem)


@pytest.mark.parametrize("code", [
    "91330100716105852F",  # 阿里巴巴（中国）有限公司, as published on its licence
    "9144030071526726XG",  # 深圳市腾讯计算机系统有限公司
    "914403001922038216",  # 华为技术有限公司
])
def test_published_credit_codes_are_valid(code):
    assert uscc_check_char(code[:17]) == code[17]
    assert uscc_problem(code) is None


def test_a_wrong_credit_code_check_character_names_the_right_one():
    assert uscc_problem("91330100716105852E") == ("check", "F")
    assert uscc_problem("914403001922038215") == ("check", "6")


@pytest.mark.parametrize("bad", ["9133010071610585F", "91330100716105852FF", "91330100716I05852F", "91330100716105852O"])
def test_malformed_credit_codes(bad):
    assert uscc_problem(bad) == ("format", "")


@pytest.mark.parametrize("text,value", [
    ("2018-06-30", (2018, 6, 30)), ("2018.06.30", (2018, 6, 30)), ("2018/6/3", (2018, 6, 3)),
    ("二〇一八年六月三十日", (2018, 6, 30)), ("有效期限 至2025年11月7日", (2025, 11, 7)), ("2O18-06-3O", (2018, 6, 30)),
    ("2018-13-01", None),
])
def test_numeric_and_chinese_dates(text, value):
    assert parse_date(text) == value


def test_dates_that_do_not_exist():
    assert date_exists("2020-02-29") and date_exists("2021-06")
    assert not date_exists("2021-02-29") and not date_exists("2021-04-31") and not date_exists("2021-13")


@pytest.mark.parametrize("material,number,ok", [
    ("vocational_certificate", "S3301234567890123", True), ("vocational_certificate", "80741340416265", True),
    ("vocational_certificate", "8074134O416265", False), ("marriage_certificate", "J370102-2024-82238", True),
    ("marriage_certificate", "J370102-24-82238", False), ("property_certificate", "浙（2016）杭州市不动产权第9875799号", True),
    ("property_certificate", "浙（2016）杭州市不动产权第98757号", False), ("degree_certificate", "1033742201200123", True),
    ("degree_certificate", "10337922012001234", False), ("title_certificate", "anything", True),
])
def test_certificate_number_structures(material, number, ok):
    assert (format_problem(material, number) is None) == ok


def test_every_expected_field_has_a_chinese_and_an_english_name_for_the_report():
    from pipeline.extract import EXPECTED_FIELDS
    from pipeline.fieldchecks import field_names

    for material, fields in EXPECTED_FIELDS.items():
        for field in fields:
            zh, en = field_names(field)
            assert zh != field and en and any("\u4e00" <= c <= "\u9fff" for c in zh), (material, field)


def test_a_field_that_was_not_read_is_named_in_words_not_by_its_key():
    from pipeline.fieldchecks import validate_page
    from pipeline.models import Page

    found = [f for f in validate_page(Page(file="cert.jpg", page=1, material="graduation_certificate"))
             if f.code == "FIELD_MISSING" and f.value == "date"]
    assert found and "发证日期" in found[0].message_zh and "date of issue" in found[0].message_en
