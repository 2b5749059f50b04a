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
