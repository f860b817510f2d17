"""统一社会信用代码 check characters (GB 32100-2015), computed by hand below."""

from __future__ import annotations

import pytest

from geodata import credit_code


def test_check_character_by_hand():
    # 91350100M000100Y4?: values 9,1,3,5,0,1,0,0,M=21,0,0,0,1,0,0,Y=30,4 times the weights
    # 1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28:
    # 9+3+27+135+0+26+0+0+420+0+0+0+8+0+0+900+112 = 1640; 1640 mod 31 = 28; 31 - 28 = 3, the character '3'
    assert credit_code.check_character("91350100M000100Y4") == "3"
    assert credit_code.problem("91350100M000100Y43") is None


@pytest.mark.parametrize(("code", "fragment"), [
    ("91350100M000100Y44", "check character is '4' but the first 17 characters give '3'"),
    ("91350100M000100Y4", "has 17 characters"),
    ("91350100I000100Y43", "contains 'I'"),
    ("", "is empty"),
    (None, "is empty"),
])
def test_problems_name_what_is_wrong(code, fragment):
    assert fragment in credit_code.problem(code)


def test_normalise_and_generated_codes():
    assert credit_code.normalise(" ９1350100m000100y43 ") == "91350100M000100Y43"
    assert credit_code.problem(" 91350100m000100y43") is None
    generated = credit_code.make_code(17, division="411702")
    assert generated.startswith("91411702000000017") and credit_code.problem(generated) is None
    # a check value of 31 - 0 wraps to '0'
    assert all(credit_code.problem(credit_code.make_code(n)) is None for n in range(200))
