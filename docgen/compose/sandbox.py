"""The Jinja environment a template's placeholders run in: sandboxed and bounded.

Jinja's sandbox stops a template from reaching Python's internals, not from using all the
memory and time there is: ``{{ "x" * 10**10 }}``, a string doubled in a loop, nested loops
with nothing in them. Here every way a template has to make work is charged to one budget
per render: each loop iteration (with the text of its body), each call (with the length of
what it returned), each printed value; operators refuse results above a size before they are
computed. Templates load nothing (no include, import or extends) and see only filters and
methods whose output is no larger than their input.
"""

from __future__ import annotations

import operator
from typing import Any

from jinja2 import StrictUndefined, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.sandbox import SandboxedEnvironment, SecurityError

MAX_VALUE = 500_000  # characters (or items) in any one value a template computes
# Charged per render: characters produced, loop iterations, calls. The default template uses
# a few dozen; the limit stops any template within a second or two of work.
MAX_WORK = 2_000_000
CALL_COST = 10
MAX_RANGE = 10_000
MAX_INT_BITS = 4096

SAFE_FILTERS = frozenset({
    "abs", "capitalize", "count", "d", "default", "e", "escape", "first", "float", "int",
    "last", "length", "lower", "round", "safe", "string", "striptags", "title", "trim",
    "upper"})
SAFE_METHODS = frozenset({
    "capitalize", "endswith", "isdigit", "isspace", "items", "keys", "lower", "lstrip",
    "rstrip", "startswith", "strip", "title", "upper", "values"})
SAFE_GLOBALS = ("range", "dict", "namespace")


class TemplateLimit(SecurityError):
    """A template asked for more than a red-header template ever needs."""


class _BoundedCodeGenerator(CodeGenerator):
    """Compiles loops and ``~`` through the environment, so that both are charged."""

    def visit_For(self, node: nodes.For, frame: Frame) -> None:
        if node.recursive:
            self.fail("模板中不允许使用递归循环（recursive）", node.lineno)
        weight = sum(len(data.data) for item in node.body
                     for data in item.find_all(nodes.TemplateData))
        node.iter = nodes.Call(nodes.EnvironmentAttribute("charged_loop"),
                               [node.iter, nodes.Const(weight + 1)], [], None, None,
                               lineno=node.lineno)
        super().visit_For(node, frame)

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.checked(")
        super().visit_Concat(node, frame)
        self.write(")")

    def visit_Extends(self, node: nodes.Extends, frame: Frame) -> None:
        self._refuse_loading("extends", node)

    def visit_Include(self, node: nodes.Include, frame: Frame) -> None:
        self._refuse_loading("include", node)

    def visit_Import(self, node: nodes.Import, frame: Frame) -> None:
        self._refuse_loading("import", node)

    def visit_FromImport(self, node: nodes.FromImport, frame: Frame) -> None:
        self._refuse_loading("from … import", node)

    def _refuse_loading(self, tag: str, node: nodes.Node) -> None:
        self.fail(f"模板中不允许使用 {{% {tag} %}}：模板只能填写本身的占位符，不能载入其他模板",
                  node.lineno)


class BoundedSandbox(SandboxedEnvironment):
    """A sandbox whose renders stop, with a Chinese message, at fixed limits of work."""

    code_generator_class = _BoundedCodeGenerator
    intercepted_binops = frozenset({"*", "+", "**", "%", "//"})

    def __init__(self) -> None:
        super().__init__(autoescape=True, undefined=StrictUndefined, finalize=self._printed)
        self.work_left = MAX_WORK
        self.filters = {name: f for name, f in self.filters.items() if name in SAFE_FILTERS}
        self.globals = {name: self.globals[name] for name in SAFE_GLOBALS if name != "range"}
        self.globals["range"] = self._range

    def charge(self, amount: int) -> None:
        self.work_left -= amount
        if self.work_left < 0:
            raise TemplateLimit(f"模板生成的内容过多（超过 {MAX_WORK:,} 个单位的计算量），已停止")

    def checked(self, value: Any) -> Any:
        if _size(value) > MAX_VALUE:
            raise TemplateLimit(f"模板中的一个值超过 {MAX_VALUE:,} 个字符，已停止")
        self.charge(_size(value))
        return value

    def charged_loop(self, iterable: Any, weight: int):
        for item in iterable:
            self.charge(weight)
            yield item

    def _printed(self, value: Any) -> Any:
        self.charge(len(str(value)) if isinstance(value, str | int | float) else 1)
        return value

    def _range(self, *args: int) -> range:
        numbers = range(*args)
        if len(numbers) > MAX_RANGE:
            raise TemplateLimit(f"模板中的 range() 最多 {MAX_RANGE:,} 项，"
                                f"这里有 {len(numbers):,} 项")
        return numbers

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if callable(value) and attr not in SAFE_METHODS:
            return False
        return super().is_safe_attribute(obj, attr, value)

    def call(__self, __context, __obj, *args: Any, **kwargs: Any) -> Any:
        __self.charge(CALL_COST)
        result = super().call(__context, __obj, *args, **kwargs)
        __self.charge(_size(result))
        return result

    def call_binop(self, context, operator_name: str, left: Any, right: Any) -> Any:
        if operator_name == "%" and isinstance(left, str):
            raise TemplateLimit("模板中不允许用 % 格式化字符串")
        size = _result_size(operator_name, left, right)
        if size > MAX_VALUE:
            raise TemplateLimit(f"模板中的运算 {operator_name} 会得到超过 {MAX_VALUE:,} "
                                "个字符（或位）的值，已停止")
        self.charge(size)
        return _OPERATORS[operator_name](left, right)


_OPERATORS = {"*": operator.mul, "+": operator.add, "**": operator.pow, "%": operator.mod,
              "//": operator.floordiv}


def _size(value: Any) -> int:
    return len(value) if isinstance(value, str | bytes | list | tuple | dict) else 1


def _result_size(name: str, left: Any, right: Any) -> int:
    """An upper bound of the result's size, computed without computing the result."""
    if name == "*" and isinstance(right, int) and not isinstance(left, int | float):
        return _size(left) * max(right, 0)
    if name == "*" and isinstance(left, int) and not isinstance(right, int | float):
        return _size(right) * max(left, 0)
    if name == "+" and not isinstance(left, int | float):
        return _size(left) + _size(right)
    if isinstance(left, int) and isinstance(right, int):
        bits = max(left.bit_length(), right.bit_length(), 1)
        if name == "**":
            bits = left.bit_length() * max(right, 0)
        elif name == "*":
            bits = left.bit_length() + right.bit_length()
        return 1 if bits <= MAX_INT_BITS else MAX_VALUE + bits
    return 1
