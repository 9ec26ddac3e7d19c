"""The rule expression language: a whitelisted subset of Python expressions over intervals.

Allowed: decimal numbers (``100``, ``0.5``), names (concepts), ``+ - * /``, unary ``-``/``+``,
parentheses, calls of ``sum``, ``abs``, ``min``, ``max``, and at the top level one comparison
(``==``, ``<=``, ``>=``, ``<``, ``>``). Everything else (attributes, subscripts, strings, lambdas,
comprehensions, ``**``, keyword arguments, ...) is refused when the rule is loaded. The source is parsed
with :mod:`ast` and walked here; nothing is ever passed to ``eval`` or ``exec``.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Callable, Mapping

from auditor.interval import Interval, sum_all

MAX_LENGTH = 1000
MAX_NODES = 200
_DECIMAL = re.compile(r"^[0-9]{1,15}(\.[0-9]{1,15})?$")  # ASCII digits only: \d takes any script's
_BINARY = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}
_COMPARE = {ast.Eq: "==", ast.LtE: "<=", ast.GtE: ">=", ast.Lt: "<", ast.Gt: ">"}


def _minimum(*args: Interval) -> Interval:
    return Interval(min(a.lo for a in args), min(a.hi for a in args))


def _maximum(*args: Interval) -> Interval:
    return Interval(max(a.lo for a in args), max(a.hi for a in args))


def _sum(*args: Interval) -> Interval:
    return sum_all(list(args))


FUNCTIONS: dict[str, Callable[..., Interval]] = {
    "sum": _sum, "abs": lambda x: abs(x), "min": _minimum, "max": _maximum,
}
_ARITY = {"abs": (1, 1), "sum": (1, 100), "min": (1, 100), "max": (1, 100)}


class ExpressionError(ValueError):
    def __init__(self, message: str, column: int | None = None) -> None:
        super().__init__(message)
        self.column = column  # 1-based character column in the expression's source


class ZeroDivisor(ExpressionError):
    """At evaluation, a divisor whose interval contains zero: the relation can be neither confirmed nor
    refuted, which the kinds report as an undecidable check (never a silent skip)."""

    def __init__(self, divisor: str, interval: Interval) -> None:
        super().__init__(f"the divisor {divisor} may be zero")
        self.divisor = divisor
        self.interval = interval


@dataclass(frozen=True)
class Relation:
    lhs: Interval
    op: str
    rhs: Interval

    @property
    def holds(self) -> bool:
        lhs, rhs, op = self.lhs, self.rhs, self.op
        if op == "==":
            return lhs.meets(rhs)
        # some value of one side is below (or at most) some value of the other: integer comparisons
        return {"<=": lhs.at_most, ">=": rhs.at_most, "<": lhs.below, ">": rhs.below}[op](
            rhs if op in ("<=", "<") else lhs)


@dataclass(frozen=True)
class Expression:
    source: str
    tree: ast.expr
    names: tuple[str, ...]
    spans: tuple[tuple[int, int, str], ...] = ()  # (start, end, name): 0-based character offsets of each name

    @property
    def is_relation(self) -> bool:
        return isinstance(self.tree, ast.Compare)

    def column_of(self, name: str) -> int | None:
        """1-based character column of the first occurrence of ``name``."""
        return next((start + 1 for start, _, found in self.spans if found == name), None)

    def side(self, which: int) -> str:
        node = self.tree
        if isinstance(node, ast.Compare):
            node = node.left if which == 0 else node.comparators[0]
        return ast.get_source_segment(self.source, node) or ""

    def evaluate(self, env: Mapping[str, Interval]) -> Interval | Relation:
        return _Evaluator(self.source, env).visit(self.tree)

    def linear(self) -> LinearForm | None:
        """The expression as ``sum(coefficient * name) + constant`` (a relation as its left side minus its
        right side, compared with 0 by ``op``), or None when it is not linear (a product of names, a
        division by a name, abs, min, max). Diagnosis reads relations in this form."""
        tree = self.tree
        if not isinstance(tree, ast.Compare):
            form = _linear(tree, self.source)
            return None if form is None else LinearForm(*form)
        left, right = _linear(tree.left, self.source), _linear(tree.comparators[0], self.source)
        if left is None or right is None:
            return None
        return LinearForm(*_combine([left, right], [1, -1]), op=_COMPARE[type(tree.ops[0])])

    def substitute(self, texts: Mapping[str, str]) -> str:
        """The expression with each name replaced by the text of its figure."""
        out, last = [], 0
        for start, end, name in self.spans:
            if name in texts:
                out.append(self.source[last:start])
                out.append(texts[name])
                last = end
        out.append(self.source[last:])
        return "".join(out)


@dataclass(frozen=True)
class LinearForm:
    """``sum(coefficient * name) + constant``, and for a relation the comparison of that with 0."""

    coefficients: tuple[tuple[str, Fraction], ...]  # each name once, in the order the names first appear
    constant: Fraction
    op: str | None = None  # None for an expression, else one of == <= >= < >


_Form = tuple[tuple[tuple[str, Fraction], ...], Fraction]


def _linear(node: ast.expr, source: str) -> _Form | None:
    """The linear form of a tree (coefficients, constant), or None where it is not linear."""
    if isinstance(node, ast.Name):
        return ((node.id, Fraction(1)),), Fraction(0)
    if isinstance(node, ast.Constant):
        return (), Fraction(ast.get_source_segment(source, node))
    if isinstance(node, ast.UnaryOp):
        inner = _linear(node.operand, source)
        return None if inner is None else _combine([inner], [-1 if isinstance(node.op, ast.USub) else 1])
    if isinstance(node, ast.Call):
        parts = [_linear(arg, source) for arg in node.args] if node.func.id == "sum" else [None]
        return None if None in parts else _combine(parts, [1] * len(parts))
    if not isinstance(node, ast.BinOp):
        return None
    left, right = _linear(node.left, source), _linear(node.right, source)
    if left is None or right is None:
        return None
    op = _BINARY[type(node.op)]
    if op in "+-":
        return _combine([left, right], [1, 1 if op == "+" else -1])
    if op == "*" and not left[0]:
        return _combine([right], [left[1]])
    if op == "*" and not right[0]:
        return _combine([left], [right[1]])
    if op == "/" and not right[0] and right[1] != 0:
        return _combine([left], [1 / right[1]])
    return None


def _combine(parts: list[_Form], factors: list) -> _Form:
    coefficients: dict[str, Fraction] = {}
    constant = Fraction(0)
    for (names, const), factor in zip(parts, factors):
        for name, value in names:
            coefficients[name] = coefficients.get(name, Fraction(0)) + value * factor
        constant += const * factor
    return tuple(coefficients.items()), constant


def parse(source: str) -> Expression:
    source = source.strip()
    if not source:
        raise ExpressionError("empty expression")
    if len(source) > MAX_LENGTH:
        raise ExpressionError(f"expression longer than {MAX_LENGTH} characters")
    if "\n" in source:
        raise ExpressionError("an expression must be on one line")
    try:
        tree = ast.parse(source, mode="eval").body
    except SyntaxError as error:  # its offset counts characters (unlike a node's col_offset)
        offset = error.offset if error.offset and 1 <= error.offset <= len(source) else len(source)
        raise ExpressionError(f"syntax error: {error.msg}", offset) from None
    except (RecursionError, MemoryError, ValueError):
        raise ExpressionError("expression too deeply nested") from None
    nodes = list(ast.walk(tree))
    if len(nodes) > MAX_NODES:
        raise ExpressionError(f"expression has more than {MAX_NODES} parts")
    offset = _character_offsets(source)
    functions = {id(node.func) for node in nodes if isinstance(node, ast.Call)}
    spans: list[tuple[int, int, str]] = []
    for node in nodes:
        column = offset(node.col_offset) + 1 if hasattr(node, "col_offset") else None
        _check_node(node, tree, source, column)
        if isinstance(node, ast.Name):
            start, end = offset(node.col_offset), offset(node.end_col_offset)
            _check_ascii(source[start:end], start + 1)
            if id(node) not in functions:
                spans.append((start, end, node.id))
    _check_constant_divisors(nodes, source, offset)
    names = tuple(dict.fromkeys(name for _, _, name in spans))  # in ast.walk's order, which orders the facts
    return Expression(source, tree, names, tuple(sorted(spans)))


def _character_offsets(source: str) -> Callable[[int], int]:
    """ast's col_offset counts UTF-8 bytes; columns in messages and substitution count characters."""
    if source.isascii():
        return lambda offset: offset
    encoded = source.encode("utf-8")
    return lambda offset: len(encoded[:offset].decode("utf-8", errors="ignore"))


def _check_ascii(text: str, column: int) -> None:
    # Python folds fullwidth letters into ASCII names (NFKC): "ｒｅｖｅｎｕｅ" would silently be revenue.
    if not text.isascii():
        raise ExpressionError(f"name {text!r} is not ASCII (names in rules are ASCII)", column)


def _check_constant_divisors(nodes: list, source: str, offset: Callable[[int], int]) -> None:
    """A divisor without names is a constant: a zero there is a mistake in the rule, refused at load.
    Innermost divisions first (ast.walk is breadth-first), so the error is at the division that fails."""
    for node in reversed(nodes):
        if not (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div)):
            continue
        divisor = node.right
        if any(isinstance(part, ast.Name) and not _is_function_position(part, divisor)
               for part in ast.walk(divisor)):
            continue
        value = _Evaluator(source, {}).visit(divisor)
        if value.lo <= 0 <= value.hi:
            text = ast.get_source_segment(source, divisor) or ""
            raise ExpressionError(f"division by zero (the divisor {text!r} is 0)", offset(divisor.col_offset) + 1)


def _check_node(node: ast.AST, root: ast.expr, source: str, column: int | None) -> None:
    if isinstance(node, ast.Compare):
        if node is not root:
            raise ExpressionError("a comparison is only allowed once, at the top", column)
        if len(node.ops) != 1 or type(node.ops[0]) not in _COMPARE:
            raise ExpressionError("use exactly one of == <= >= < >", column)
    elif isinstance(node, ast.BinOp):
        if type(node.op) not in _BINARY:
            raise ExpressionError(f"operator {type(node.op).__name__} is not allowed (use + - * /)", column)
    elif isinstance(node, ast.UnaryOp):
        if not isinstance(node.op, (ast.USub, ast.UAdd)):
            raise ExpressionError(f"operator {type(node.op).__name__} is not allowed", column)
    elif isinstance(node, ast.Call):
        _check_call(node, column)
    elif isinstance(node, ast.Name):
        if node.id.startswith("_"):
            raise ExpressionError(f"name {node.id!r} is not allowed", column)
    elif isinstance(node, ast.Constant):
        text = ast.get_source_segment(source, node) or ""
        if isinstance(node.value, bool) or not _DECIMAL.match(text):
            raise ExpressionError(f"only plain decimal numbers are allowed, not {text!r}", column)
    elif not isinstance(node, (ast.expr_context, ast.operator, ast.unaryop, ast.cmpop)):
        raise ExpressionError(f"{type(node).__name__} is not allowed in a rule expression", column)


def _check_call(node: ast.Call, column: int | None) -> None:
    if not isinstance(node.func, ast.Name):
        raise ExpressionError("only the functions sum, abs, min, max can be called", column)
    name = node.func.id
    if name not in FUNCTIONS:
        raise ExpressionError(f"unknown function {name!r} (allowed: sum, abs, min, max)", column)
    if node.keywords or any(isinstance(arg, ast.Starred) for arg in node.args):
        raise ExpressionError(f"{name}() takes plain arguments only", column)
    low, high = _ARITY[name]
    if not low <= len(node.args) <= high:
        raise ExpressionError(f"{name}() takes {low} to {high} argument(s)", column)


def _is_function_position(name: ast.Name, root: ast.expr) -> bool:
    return any(isinstance(n, ast.Call) and n.func is name for n in ast.walk(root))


class _Evaluator:
    def __init__(self, source: str, env: Mapping[str, Interval]) -> None:
        self.source = source
        self.env = env

    def visit(self, node: ast.expr):
        if isinstance(node, ast.Compare):
            return Relation(self.visit(node.left), _COMPARE[type(node.ops[0])], self.visit(node.comparators[0]))
        if isinstance(node, ast.BinOp):
            left, right = self.visit(node.left), self.visit(node.right)
            op = _BINARY[type(node.op)]
            if op == "/":
                if right.sign_of_lo() <= 0 <= right.sign_of_hi():
                    raise ZeroDivisor(ast.get_source_segment(self.source, node.right) or "", right)
                return left / right
            return {"+": left.__add__, "-": left.__sub__, "*": left.__mul__}[op](right)
        if isinstance(node, ast.UnaryOp):
            value = self.visit(node.operand)
            return -value if isinstance(node.op, ast.USub) else value
        if isinstance(node, ast.Call):
            return FUNCTIONS[node.func.id](*(self.visit(arg) for arg in node.args))
        if isinstance(node, ast.Name):
            if node.id not in self.env:
                raise ExpressionError(f"unknown name {node.id!r}")
            return self.env[node.id]
        if isinstance(node, ast.Constant):
            return Interval.point(Fraction(ast.get_source_segment(self.source, node)))
        raise ExpressionError(f"{type(node).__name__} is not allowed")  # unreachable after parse()
