"""auditor.expr: the whitelisted rule expression language (parsed with ast, never eval'd)."""

import re
from fractions import Fraction as F

import pytest

from auditor.expr import ExpressionError, Relation, ZeroDivisor, parse
from auditor.interval import Interval
from conftest import dump_yaml


def I(lo, hi):  # noqa: E743
    return Interval(F(lo), F(hi))


ENV = {"revenue": I("23350", "23450"), "cost_of_revenue": I("18850", "18950"), "gross_margin": I("4450", "4550"),
       "sga_rd": I("3550", "3650"), "operating_income": I("850", "950")}


# ------------------------------------------------------------------------------------------------ allowed
def test_relation_evaluates_on_intervals():
    expression = parse("revenue == cost_of_revenue + gross_margin")
    assert expression.is_relation
    assert expression.names == ("revenue", "cost_of_revenue", "gross_margin")
    relation = expression.evaluate(ENV)
    assert relation == Relation(I(23350, 23450), "==", I(23300, 23500))
    assert relation.holds


def test_failing_relation():
    relation = parse("revenue == cost_of_revenue + gross_margin").evaluate({**ENV, "gross_margin": I(4750, 4850)})
    assert not relation.holds
    assert relation.lhs.gap(relation.rhs) == 150


@pytest.mark.parametrize("source, expected", [
    ("revenue - cost_of_revenue", I(4400, 4600)),
    ("gross_margin - sga_rd", I(800, 1000)),
    ("-operating_income", I(-950, -850)),
    ("+operating_income", I(850, 950)),
    ("(revenue - cost_of_revenue) * 2", I(8800, 9200)),
    ("operating_income / 100", I("8.5", "9.5")),
    ("0.5 * operating_income", I(425, 475)),
    ("sum(gross_margin, sga_rd)", I(8000, 8200)),
    ("abs(-operating_income)", I(850, 950)),
    ("min(operating_income, sga_rd)", I(850, 950)),
    ("max(operating_income, sga_rd)", I(3550, 3650)),
    ("100", Interval.point(100)),
])
def test_expressions_evaluate(source, expected):
    expression = parse(source)
    assert not expression.is_relation
    assert expression.evaluate(ENV) == expected


@pytest.mark.parametrize("op, holds", [("<=", True), (">=", False), ("<", True), (">", False), ("==", False)])
def test_comparisons(op, holds):
    assert parse(f"operating_income {op} sga_rd").evaluate(ENV).holds is holds


def test_function_names_are_not_figure_names():
    assert set(parse("sum(gross_margin, sga_rd) == revenue").names) == {"gross_margin", "sga_rd", "revenue"}


def test_substitute_replaces_names_with_printed_text():
    expression = parse("revenue == cost_of_revenue + gross_margin")
    assert expression.substitute({"revenue": "23.4", "cost_of_revenue": "18.9", "gross_margin": "4.5"}) == \
        "23.4 == 18.9 + 4.5"


def test_evaluation_errors():
    with pytest.raises(ExpressionError, match="unknown name 'nope'"):
        parse("nope + 1").evaluate(ENV)
    with pytest.raises(ZeroDivisor, match="the divisor operating_income may be zero") as caught:
        parse("revenue / operating_income").evaluate({**ENV, "operating_income": I(-1, 1)})
    assert caught.value.interval == I(-1, 1)


# ---------------------------------------------------------------------------------------------- forbidden
FORBIDDEN = [
    "revenue.real",                                        # attribute access
    "revenue[0]",                                          # subscript
    "lambda: 1",                                           # lambda
    "[c for c in revenue]",                                # list comprehension
    "(c for c in revenue)",                                # generator
    "{c: 1 for c in revenue}",                             # dict comprehension
    "'revenue'",                                           # string
    "f'{revenue}'",                                        # f-string
    "b'x'",                                                # bytes
    "__import__('os')",
    "__import__('os').system('true')",
    "2**99999",                                            # power
    "revenue ** 2",
    "9**9**9",
    "sum(revenue, start=1)",                               # keyword argument
    "max(*revenue)",                                       # starred argument
    "eval('1')",                                           # unknown functions
    "exec('1')",
    "open('/etc/passwd')",
    "open('/etc/passwd').read()",
    "getattr(revenue, '__class__')",
    "globals()",
    "().__class__.__bases__[0].__subclasses__()",          # simpleeval/asteval escape payloads
    "(lambda: 1).__globals__",
    "[c for c in ().__class__.__base__.__subclasses__()]",
    "().__class__.__mro__[1].__subclasses__()",
    "revenue.__class__.__init__.__globals__['os']",
    "__builtins__",
    "_secret + 1",
    "(x := 1)",                                            # walrus
    "revenue if gross_margin else sga_rd",                 # conditional
    "revenue and sga_rd",                                  # boolean operators
    "not revenue",
    "~revenue",
    "revenue % 2",
    "revenue // 2",
    "revenue << 2",
    "revenue @ sga_rd",
    "[revenue]",
    "(revenue, sga_rd)",
    "{revenue}",
    "{'a': revenue}",
    "True",
    "None",
    "1e308",
    "0x10",
    "1_000",
    "1j",
    "1234567890123456",                                    # more digits than a figure ever has
    "revenue == sga_rd == operating_income",               # chained comparison
    "(revenue == sga_rd) + 1",                             # comparison below the top
    "revenue != sga_rd",
    "revenue is sga_rd",
    "revenue in sga_rd",
    "abs(revenue, sga_rd)",                                # arity
    "max()",
    "revenue(1)",
    "revenue.__class__(1)",
    "",
    "   ",
    "revenue +",                                           # syntax error
    "revenue\n+ 1",                                        # two lines
    "(" * 300 + "revenue" + ")" * 300,                     # too deep
    "+".join(["revenue"] * 150),                           # too many parts
    "revenue + " * 200 + "1",                              # too long / too many parts
]


@pytest.mark.parametrize("source", FORBIDDEN)
def test_forbidden_constructs_raise(source):
    with pytest.raises(ExpressionError):
        parse(source)


@pytest.mark.parametrize("source, message", [
    ("revenue.real", "Attribute is not allowed"),
    ("revenue[0]", "Subscript is not allowed"),
    ("lambda: 1", "Lambda is not allowed"),
    ("2**99999", "operator Pow is not allowed"),
    ("sum(revenue, start=1)", "takes plain arguments only"),
    ("open('/etc/passwd')", "unknown function 'open'"),
    ("getattr(revenue, '__class__')", "unknown function 'getattr'"),
    ("'revenue'", "only plain decimal numbers"),
    ("revenue == sga_rd == operating_income", "use exactly one of"),
])
def test_forbidden_messages(source, message):
    with pytest.raises(ExpressionError, match=message):
        parse(source)


def test_forbidden_payload_is_never_executed(tmp_path):
    marker = tmp_path / "pwned"
    for source in (f"__import__('os').system('touch {marker}')", f"open('{marker}', 'w')"):
        with pytest.raises(ExpressionError):
            parse(source)
    assert not marker.exists()


@pytest.mark.parametrize("payload", [
    "().__class__.__bases__[0].__subclasses__() == revenue",
    "(lambda: 1).__globals__ == revenue",
    "__import__('os') == revenue",
    "revenue == 2**99999",
])
def test_payload_in_a_rule_file_is_an_input_error(tmp_path, run, payload):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "evil.yaml").write_text(dump_yaml({"rules": [
        {"id": "evil", "title": "t", "rationale": "r", "kind": "equation", "check": payload}]}))
    result = run("rules", "--rules", rules)
    assert result.code == 2, str(result)
    # located at the expression itself: the check's line and the column inside it
    assert re.search(re.escape(str(rules / "evil.yaml")) + r":\d+:\d+: rule evil: check: ", result.err), result.err
    assert "input error" in result.err
