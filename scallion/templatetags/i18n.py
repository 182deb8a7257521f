"""``{% load i18n %}``: translation tags and the language-information tags and filters.

``{% translate "text" %}`` (``trans``) and ``{% blocktranslate %}``
(``blocktrans``, with ``with``, ``count``/``{% plural %}``, ``context``,
``trimmed`` and ``asvar``) look the text up in the active language's catalog;
``{% language "fr" %}`` switches the language for a block; the
``get_current_language``, ``get_current_language_bidi``,
``get_available_languages``, ``get_language_info`` and
``get_language_info_list`` tags store values in the context; the
``language_name``, ``language_name_translated``, ``language_name_local`` and
``language_bidi`` filters describe a language code.

These tags read and write the context themselves, so compiled templates call
their ``render``; they behave as Django's.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from scallion.conf import settings
from scallion.template.base import TokenType
from scallion.template.context import Context
from scallion.template.exceptions import TemplateSyntaxError
from scallion.template.expressions import FilterExpression, Variable
from scallion.template.library import Library
from scallion.template.nodes import Node, NodeList, render_value_in_context
from scallion.template.parser import token_kwargs
from scallion.utils import translation
from scallion.utils.safestring import SafeData, SafeString, mark_safe

register = Library()


class GetAvailableLanguagesNode(Node):
    def __init__(self, variable: str) -> None:
        self.variable = variable

    def render(self, context: Context) -> str:
        context[self.variable] = [(k, translation.gettext(v)) for k, v in settings.LANGUAGES]
        return ""


class GetLanguageInfoNode(Node):
    def __init__(self, lang_code: FilterExpression, variable: str) -> None:
        self.lang_code = lang_code
        self.variable = variable

    def render(self, context: Context) -> str:
        context[self.variable] = translation.get_language_info(self.lang_code.resolve(context))
        return ""


class GetLanguageInfoListNode(Node):
    def __init__(self, languages: FilterExpression, variable: str) -> None:
        self.languages = languages
        self.variable = variable

    def get_language_info(self, language: Any) -> dict[str, Any]:
        # A code ("de"), or a sequence whose first item is the code (("de", "German")).
        if len(language[0]) > 1:
            return translation.get_language_info(language[0])
        return translation.get_language_info(str(language))

    def render(self, context: Context) -> str:
        languages = self.languages.resolve(context)
        context[self.variable] = [self.get_language_info(lang) for lang in languages]
        return ""


class GetCurrentLanguageNode(Node):
    def __init__(self, variable: str) -> None:
        self.variable = variable

    def render(self, context: Context) -> str:
        context[self.variable] = translation.get_language()
        return ""


class GetCurrentLanguageBidiNode(Node):
    def __init__(self, variable: str) -> None:
        self.variable = variable

    def render(self, context: Context) -> str:
        context[self.variable] = translation.get_language_bidi()
        return ""


class TranslateNode(Node):
    """``{% translate value [noop] [context ctx] [as var] %}``."""

    child_nodelists = ()

    def __init__(
        self,
        filter_expression: FilterExpression,
        noop: bool,
        asvar: str | None = None,
        message_context: FilterExpression | None = None,
    ) -> None:
        self.noop = noop
        self.asvar = asvar
        self.message_context = message_context
        self.filter_expression = filter_expression
        if isinstance(self.filter_expression.var, str):
            # A literal: turned back into a variable so it is translated when rendered.
            self.filter_expression.is_var = True
            self.filter_expression.var = Variable(f"'{self.filter_expression.var}'")

    def render(self, context: Context) -> str:
        var = self.filter_expression.var
        var.translate = not self.noop
        if self.message_context:
            var.message_context = self.message_context.resolve(context)
        output = self.filter_expression.resolve(context)
        value = render_value_in_context(output, context)
        # Percent signs are doubled in template text (so they are no format flags).
        is_safe = isinstance(value, SafeData)
        value = value.replace("%%", "%")
        value = mark_safe(value) if is_safe else value
        if self.asvar:
            context[self.asvar] = value
            return ""
        return value


class BlockTranslateNode(Node):
    """``{% blocktranslate %}...{% endblocktranslate %}``: a message with placeholders."""

    def __init__(
        self,
        extra_context: dict[str, FilterExpression],
        singular: list[Any],
        plural: list[Any] | None = None,
        countervar: str | None = None,
        counter: FilterExpression | None = None,
        message_context: FilterExpression | None = None,
        trimmed: bool = False,
        asvar: str | None = None,
        tag_name: str = "blocktranslate",
    ) -> None:
        self.extra_context = extra_context
        self.singular = singular
        self.plural = plural
        self.countervar = countervar
        self.counter = counter
        self.message_context = message_context
        self.trimmed = trimmed
        self.asvar = asvar
        self.tag_name = tag_name

    def __repr__(self) -> str:
        return (
            f"<{type(self).__qualname__}: extra_context={self.extra_context!r} "
            f"singular={self.singular!r} plural={self.plural!r}>"
        )

    def render_token_list(self, tokens: list[Any]) -> tuple[str, list[str]]:
        """The message id (``%(name)s`` for each ``{{ name }}``) and the names it uses."""
        result = []
        names = []
        for token in tokens:
            if token.token_type == TokenType.TEXT:
                result.append(token.contents.replace("%", "%%"))
            elif token.token_type == TokenType.VAR:
                result.append(f"%({token.contents})s")
                names.append(token.contents)
        message = "".join(result)
        if self.trimmed:
            message = translation.trim_whitespace(message)
        return message, names

    def render(self, context: Context, nested: bool = False) -> str:
        message_context = self.message_context.resolve(context) if self.message_context else None
        # Popped below, once the placeholders have their values.
        context.update({name: val.resolve(context) for name, val in self.extra_context.items()})
        singular, names = self.render_token_list(self.singular)
        if self.plural and self.countervar and self.counter:
            count = self.counter.resolve(context)
            if not isinstance(count, Decimal | float | int):
                raise TemplateSyntaxError(
                    f"{self.countervar!r} argument to {self.tag_name!r} tag must be a number."
                )
            context[self.countervar] = count
            plural, plural_names = self.render_token_list(self.plural)
            if message_context:
                result = translation.npgettext(message_context, singular, plural, count)
            else:
                result = translation.ngettext(singular, plural, count)
            names.extend(plural_names)
        elif message_context:
            result = translation.pgettext(message_context, singular)
        else:
            result = translation.gettext(singular)
        assert context.template is not None
        default_value = context.template.engine.string_if_invalid

        def render_value(key: str) -> str:
            if key in context:
                val = context[key]
            else:
                val = default_value % key if "%s" in default_value else default_value
            return render_value_in_context(val, context)

        data = {name: render_value(name) for name in names}
        context.pop()
        try:
            result %= data
        except (KeyError, ValueError):
            if nested:
                raise TemplateSyntaxError(
                    f"{self.tag_name!r} is unable to format string returned by gettext: "
                    f"{result!r} using {data!r}"
                ) from None
            # A translation that does not fit the placeholders: the untranslated text.
            with translation.override(None):
                result = self.render(context, nested=True)
        if self.asvar:
            context[self.asvar] = SafeString(result)
            return ""
        return result


class LanguageNode(Node):
    """``{% language code %}``: the block rendered in another language."""

    def __init__(self, nodelist: NodeList, language: FilterExpression) -> None:
        self.nodelist = nodelist
        self.language = language

    def render(self, context: Context) -> Any:
        with translation.override(self.language.resolve(context)):
            return self.nodelist.render(context)


def _as_variable(token: Any, tag: str) -> str:
    args = token.contents.split()
    if len(args) != 3 or args[1] != "as":
        raise TemplateSyntaxError(f"'{tag}' requires 'as variable' (got {args!r})")
    return str(args[2])


@register.tag("get_available_languages")
def do_get_available_languages(parser: Any, token: Any) -> Node:
    """``{% get_available_languages as languages %}``: ``LANGUAGES``, names translated."""
    return GetAvailableLanguagesNode(_as_variable(token, "get_available_languages"))


@register.tag("get_language_info")
def do_get_language_info(parser: Any, token: Any) -> Node:
    """``{% get_language_info for code as info %}``: code, name, name_local, bidi..."""
    args = token.split_contents()
    if len(args) != 5 or args[1] != "for" or args[3] != "as":
        raise TemplateSyntaxError(
            f"'{args[0]}' requires 'for string as variable' (got {args[1:]!r})"
        )
    return GetLanguageInfoNode(parser.compile_filter(args[2]), args[4])


@register.tag("get_language_info_list")
def do_get_language_info_list(parser: Any, token: Any) -> Node:
    """``{% get_language_info_list for LANGUAGES as infos %}``."""
    args = token.split_contents()
    if len(args) != 5 or args[1] != "for" or args[3] != "as":
        raise TemplateSyntaxError(
            f"'{args[0]}' requires 'for sequence as variable' (got {args[1:]!r})"
        )
    return GetLanguageInfoListNode(parser.compile_filter(args[2]), args[4])


@register.filter
def language_name(lang_code: str) -> Any:
    return translation.get_language_info(lang_code)["name"]


@register.filter
def language_name_translated(lang_code: str) -> Any:
    return translation.gettext(translation.get_language_info(lang_code)["name"])


@register.filter
def language_name_local(lang_code: str) -> Any:
    return translation.get_language_info(lang_code)["name_local"]


@register.filter
def language_bidi(lang_code: str) -> Any:
    return translation.get_language_info(lang_code)["bidi"]


@register.tag("get_current_language")
def do_get_current_language(parser: Any, token: Any) -> Node:
    """``{% get_current_language as code %}``."""
    return GetCurrentLanguageNode(_as_variable(token, "get_current_language"))


@register.tag("get_current_language_bidi")
def do_get_current_language_bidi(parser: Any, token: Any) -> Node:
    """``{% get_current_language_bidi as rtl %}``: True for a right-to-left language."""
    return GetCurrentLanguageBidiNode(_as_variable(token, "get_current_language_bidi"))


@register.tag("translate")
@register.tag("trans")
def do_translate(parser: Any, token: Any) -> Node:
    """``{% translate "text" [noop] [context "ctx"] [as var] %}``, or a variable."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise TemplateSyntaxError(f"'{bits[0]}' takes at least one argument")
    message_string = parser.compile_filter(bits[1])
    remaining = bits[2:]
    noop = False
    asvar = None
    message_context = None
    seen: set[str] = set()
    while remaining:
        option = remaining.pop(0)
        if option in seen:
            raise TemplateSyntaxError(f"The '{option}' option was specified more than once.")
        if option == "noop":
            noop = True
        elif option == "context":
            try:
                value = remaining.pop(0)
            except IndexError:
                raise TemplateSyntaxError(
                    f"No argument provided to the '{bits[0]}' tag for the context option."
                ) from None
            if value in ("as", "noop"):
                raise TemplateSyntaxError(
                    f"Invalid argument '{value}' provided to the '{bits[0]}' tag for the "
                    "context option"
                )
            message_context = parser.compile_filter(value)
        elif option == "as":
            try:
                asvar = remaining.pop(0)
            except IndexError:
                raise TemplateSyntaxError(
                    f"No argument provided to the '{bits[0]}' tag for the as option."
                ) from None
        else:
            raise TemplateSyntaxError(
                f"Unknown argument for '{bits[0]}' tag: '{option}'. The only options "
                "available are 'noop', 'context' \"xxx\", and 'as VAR'."
            )
        seen.add(option)
    return TranslateNode(message_string, noop, asvar, message_context)


@register.tag("blocktranslate")
@register.tag("blocktrans")
def do_block_translate(parser: Any, token: Any) -> Node:
    """Translate a block with placeholders: ``{% blocktranslate with name=x %}Hi {{ name }}``.

    Options: ``with`` (values for the placeholders), ``count n=x`` with a
    ``{% plural %}`` part, ``context "ctx"``, ``trimmed`` (whitespace joined
    into single spaces) and ``asvar name``.
    """
    bits = token.split_contents()
    options: dict[str, Any] = {}
    remaining_bits = bits[1:]
    asvar = None
    while remaining_bits:
        option = remaining_bits.pop(0)
        if option in options:
            raise TemplateSyntaxError(f"The {option!r} option was specified more than once.")
        value: Any
        if option == "with":
            value = token_kwargs(remaining_bits, parser, support_legacy=True)
            if not value:
                raise TemplateSyntaxError(
                    f'"with" in {bits[0]!r} tag needs at least one keyword argument.'
                )
        elif option == "count":
            value = token_kwargs(remaining_bits, parser, support_legacy=True)
            if len(value) != 1:
                raise TemplateSyntaxError(
                    f'"count" in {bits[0]!r} tag expected exactly one keyword argument.'
                )
        elif option == "context":
            try:
                value = parser.compile_filter(remaining_bits.pop(0))
            except Exception:
                raise TemplateSyntaxError(
                    f'"context" in {bits[0]!r} tag expected exactly one argument.'
                ) from None
        elif option == "trimmed":
            value = True
        elif option == "asvar":
            try:
                value = remaining_bits.pop(0)
            except IndexError:
                raise TemplateSyntaxError(
                    f"No argument provided to the '{bits[0]}' tag for the asvar option."
                ) from None
            asvar = value
        else:
            raise TemplateSyntaxError(f"Unknown argument for {bits[0]!r} tag: {option!r}.")
        options[option] = value

    countervar, counter = (
        next(iter(options["count"].items())) if "count" in options else (None, None)
    )
    message_context = options.get("context")
    extra_context = options.get("with", {})
    trimmed = options.get("trimmed", False)

    singular = []
    plural = []
    while parser.tokens:
        token = parser.next_token()
        if token.token_type in (TokenType.VAR, TokenType.TEXT):
            singular.append(token)
        else:
            break
    if countervar and counter:
        if token.contents.strip() != "plural":
            raise TemplateSyntaxError(f"{bits[0]!r} doesn't allow other block tags inside it")
        while parser.tokens:
            token = parser.next_token()
            if token.token_type in (TokenType.VAR, TokenType.TEXT):
                plural.append(token)
            else:
                break
    end_tag_name = f"end{bits[0]}"
    if token.contents.strip() != end_tag_name:
        raise TemplateSyntaxError(
            f"{bits[0]!r} doesn't allow other block tags (seen {token.contents!r}) inside it"
        )
    return BlockTranslateNode(
        extra_context,
        singular,
        plural,
        countervar,
        counter,
        message_context,
        trimmed=trimmed,
        asvar=asvar,
        tag_name=bits[0],
    )


@register.tag
def language(parser: Any, token: Any) -> Node:
    """``{% language "de" %}...{% endlanguage %}``: the block in the given language."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise TemplateSyntaxError(f"'{bits[0]}' takes one argument (language)")
    language_expr = parser.compile_filter(bits[1])
    nodelist = parser.parse(("endlanguage",))
    parser.delete_first_token()
    return LanguageNode(nodelist, language_expr)
