"""Property: compiled templates render what a plain tree walk renders.

The reference below is Django's renderer in miniature: it walks the parsed
nodes and reads and writes the real ``Context`` for everything, as Django
does. Hypothesis builds random templates mixing loops, ``with``, conditions,
tags that store a value, ``cycle ... as`` and hand-written tags that read and
write the context, and random contexts; the compiled output must be the same.
A difference means the compiler kept a value in a local that the context had
changed, or left the context behind what a tag expected.
"""

from __future__ import annotations

from itertools import cycle as itertools_cycle
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from scallion.template.context import Context
from scallion.template.defaulttags import CycleNode, FirstOfNode, ForNode, IfNode, WithNode
from scallion.template.exceptions import VariableDoesNotExist
from scallion.template.nodes import TextNode, VariableNode, render_value_in_context
from tests.template.dtl import engine
from tests.template.dtl_app.templatetags.dtl_extras import SetVarNode, UpperNode

EXTRAS = {"extras": "tests.template.dtl_app.templatetags.dtl_extras"}
NAMES = ["a", "b", "x", "rows"]


def reference(nodelist: Any, context: Context) -> str:
    return "".join(reference_node(node, context) for node in nodelist)


def reference_node(node: Any, context: Context) -> str:
    kind = type(node)
    if kind is TextNode:
        return node.s
    if kind is VariableNode:
        return render_value_in_context(node.filter_expression.resolve(context), context)
    if kind is IfNode:
        for condition, nodelist in node.conditions_nodelists:
            if condition is None:
                return reference(nodelist, context)
            try:
                match = condition.eval(context)
            except VariableDoesNotExist:
                match = None
            if match:
                return reference(nodelist, context)
        return ""
    if kind is ForNode:
        return reference_for(node, context)
    if kind is WithNode:
        values = {key: value.resolve(context) for key, value in node.extra_context.items()}
        with context.push(**values):
            return reference(node.nodelist, context)
    if kind is FirstOfNode:
        first = ""
        for var in node.vars:
            value = var.resolve(context, ignore_failures=True)
            if value:
                first = render_value_in_context(value, context)
                break
        if node.asvar:
            context[node.asvar] = first
            return ""
        return first
    if kind is CycleNode:
        if node not in context.render_context:
            context.render_context[node] = itertools_cycle(node.cyclevars)
        value = next(context.render_context[node]).resolve(context)
        if node.variable_name:
            context.set_upward(node.variable_name, value)
        return "" if node.silent else render_value_in_context(value, context)
    if kind is UpperNode:
        return reference(node.nodelist, context).upper()
    if kind is SetVarNode:
        return str(node.render(context))
    return ""  # {% load %}


def reference_for(node: ForNode, context: Context) -> str:
    parentloop = context.get("forloop", {})
    out = []
    with context.push():
        values = node.sequence.resolve(context, ignore_failures=True)
        if values is None:
            values = []
        if not hasattr(values, "__len__"):
            values = list(values)
        if len(values) < 1:
            return reference(node.nodelist_empty, context)
        loop: dict[str, Any] = {"parentloop": parentloop, "length": len(values)}
        context["forloop"] = loop
        for i, item in enumerate(values):
            loop.update(
                counter0=i,
                counter=i + 1,
                revcounter=len(values) - i,
                revcounter0=len(values) - i - 1,
                first=i == 0,
                last=i == len(values) - 1,
            )
            context[node.loopvars[0]] = item
            out.append(reference(node.nodelist_loop, context))
    return "".join(out)


# -- random templates ---------------------------------------------------------------

names = st.sampled_from(NAMES)
operands = st.one_of(
    names,
    names.map(lambda n: f"{n}.v"),
    st.sampled_from(["'s'", "1", "forloop.counter", "forloop.first", "a|length", "b|default:x"]),
)
conditions = st.one_of(
    operands,
    st.builds(lambda x, y: f"{x} == {y}", operands, operands),
    st.builds(lambda x, y: f"{x} and not {y}", operands, operands),
    st.builds(lambda x, y: f"{x} or {y}", operands, operands),
)
leaves = st.one_of(
    st.sampled_from(["-", "<", "\n"]),
    operands.map(lambda o: "{{ " + o + " }}"),
    st.builds(lambda n, o: "{% setvar " + n + " " + o + " %}", names, operands),
    st.builds(lambda n, o: "{% firstof " + o + " 'f' as " + n + " %}", names, operands),
    names.map(lambda n: "{% cycle 'p' 'q' as " + n + " silent %}"),
    st.just("{% cycle 'c1' 'c2' %}"),
)


def _compound(body: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.builds(lambda c, t: "{% if " + c + " %}" + t + "{% endif %}", conditions, body),
        st.builds(
            lambda c, t, e: "{% if " + c + " %}" + t + "{% else %}" + e + "{% endif %}",
            conditions,
            body,
            body,
        ),
        st.builds(
            lambda n, s, t, e: (
                "{% for " + n + " in " + s + " %}" + t + "{% empty %}" + e + "{% endfor %}"
            ),
            names,
            st.sampled_from(["rows", "a", "x", "rows|slice:':1'"]),
            body,
            body,
        ),
        st.builds(
            lambda n, o, t: "{% with " + n + "=" + o + " %}" + t + "{% endwith %}",
            names,
            operands,
            body,
        ),
        body.map(lambda t: "{% upper %}" + t + "{% endupper %}"),
        st.lists(body, min_size=2, max_size=3).map("".join),
    )


templates = st.recursive(leaves, _compound, max_leaves=12)
values = st.one_of(
    st.none(),
    st.integers(-2, 3),
    st.sampled_from(["", "s", "<b>", "f"]),
    st.lists(st.fixed_dictionaries({"v": st.integers(0, 2)}), max_size=3),
)
contexts = st.fixed_dictionaries({}, optional={name: values for name in NAMES})


@settings(max_examples=300, deadline=None)
@given(source=templates, context=contexts)
def test_compiled_output_equals_the_tree_walk(source: str, context: dict[str, Any]) -> None:
    eng = engine(libraries=EXTRAS)
    template = eng.from_string("{% load extras %}" + source)
    expected_context = Context(dict(context))
    expected_context.template = template
    expected_context.render_context.template = template
    assert outcome(lambda: template.render(Context(dict(context)))) == outcome(
        lambda: reference(template.nodelist, expected_context)
    ), template.compiled_source()


def outcome(render: Any) -> tuple[str, str]:
    """The output, or the exception raised (a missing filter argument raises)."""
    try:
        return "ok", str(render())
    except Exception as exc:
        return type(exc).__name__, str(exc)
