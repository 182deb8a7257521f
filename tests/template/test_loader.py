"""get_template, select_template, render_to_string and the engines registry."""

from __future__ import annotations

import pytest

from scallion.core.exceptions import ImproperlyConfigured
from scallion.template import TemplateDoesNotExist, TemplateSyntaxError, engines
from scallion.template.loader import get_template, render_to_string, select_template
from scallion.template.utils import EngineHandler, InvalidTemplateEngineError
from scallion.test import override_settings
from tests.template.conftest import BACKEND, HERE, OTHER_DIR, TEMPLATE_DIR, engine_settings


def test_get_template_renders_a_file() -> None:
    template = get_template("context.html")
    assert template.render({"value": "v", "site_name": "s"}) == "v|s|"


def test_template_has_name_and_origin() -> None:
    template = get_template("pages/home.html")
    assert template.name == "pages/home.html"
    assert template.origin.name == str(TEMPLATE_DIR / "pages" / "home.html")
    assert template.origin.template_name == "pages/home.html"


def test_app_dirs_finds_templates_in_installed_packages() -> None:
    assert render_to_string("app_pkg/from_app.html", {"who": "me"}).strip() == ("app template: me")


def test_app_dirs_off_does_not_look_in_packages() -> None:
    with override_settings(TEMPLATES=[{**engine_settings(), "APP_DIRS": False}]):
        with pytest.raises(TemplateDoesNotExist):
            get_template("app_pkg/from_app.html")


def test_missing_template_lists_every_place_looked_at() -> None:
    with override_settings(
        TEMPLATES=[engine_settings(), {"BACKEND": BACKEND, "NAME": "other", "DIRS": [OTHER_DIR]}]
    ):
        with pytest.raises(TemplateDoesNotExist) as info:
            get_template("nope.html")
    message = str(info.value)
    assert str(TEMPLATE_DIR / "nope.html") in message
    assert str(OTHER_DIR / "nope.html") in message
    assert "app_pkg" in message and "templates" in message
    assert len(info.value.chain) == 2


def test_select_template_returns_first_existing() -> None:
    template = select_template(["missing.html", "context.html", "plain.txt"])
    assert template.name == "context.html"


def test_select_template_lists_all_names_when_none_exists() -> None:
    with pytest.raises(TemplateDoesNotExist) as info:
        select_template(["a.html", "b.html"])
    message = str(info.value)
    assert "a.html" in message and "b.html" in message
    assert str(TEMPLATE_DIR / "b.html") in message


def test_select_template_rejects_a_string() -> None:
    with pytest.raises(TypeError, match="get_template"):
        select_template("context.html")  # type: ignore[arg-type]


def test_select_template_with_no_names() -> None:
    with pytest.raises(TemplateDoesNotExist, match="No template names"):
        select_template([])


def test_render_to_string_accepts_a_list() -> None:
    assert render_to_string(["missing.html", "plain.txt"], {"value": "x"}).strip() == "raw: x"


def test_engines_are_tried_in_order_and_using_selects_one() -> None:
    with override_settings(
        TEMPLATES=[engine_settings(), {"BACKEND": BACKEND, "NAME": "other", "DIRS": [OTHER_DIR]}]
    ):
        assert get_template("only_other.html").render().strip() == "from the second engine"
        assert get_template("context.html", using="other").render().strip() == (
            "second engine shadowed"
        )
        assert list(engines) == ["jinja2", "other"]
        with pytest.raises(InvalidTemplateEngineError, match="nope"):
            get_template("context.html", using="nope")


def test_no_engines_configured_says_how_to_fix() -> None:
    with override_settings(TEMPLATES=[]):
        with pytest.raises(TemplateDoesNotExist, match="TEMPLATES"):
            get_template("context.html")


def test_backend_defaults_to_jinja2() -> None:
    handler = EngineHandler([{"DIRS": [TEMPLATE_DIR]}])
    assert type(handler["jinja2"]).__name__ == "Jinja2"


def test_duplicate_engine_names_are_refused() -> None:
    handler = EngineHandler([{"BACKEND": BACKEND}, {"BACKEND": BACKEND}])
    with pytest.raises(ImproperlyConfigured, match="duplicates: jinja2"):
        handler.all()


def test_unknown_backend_is_named() -> None:
    handler = EngineHandler([{"BACKEND": "nowhere.Backend", "NAME": "x"}])
    with pytest.raises(ImproperlyConfigured, match=r"nowhere\.Backend"):
        handler["x"]


def test_unknown_engine_parameter_is_named() -> None:
    handler = EngineHandler([{"BACKEND": BACKEND, "DIRZ": []}])
    with pytest.raises(ImproperlyConfigured, match="DIRZ"):
        handler["jinja2"]


def test_engines_are_built_once_and_rebuilt_when_templates_change() -> None:
    first = engines["jinja2"]
    assert engines["jinja2"] is first
    with override_settings(TEMPLATES=[engine_settings()]):
        assert engines["jinja2"] is not first


def test_templates_are_cached_without_debug() -> None:
    engine = engines["jinja2"]
    assert engine.get_template("context.html") is engine.get_template("context.html")
    assert engine.env.auto_reload is False  # type: ignore[attr-defined]


def test_debug_turns_on_auto_reload(tmp_path) -> None:  # type: ignore[no-untyped-def]
    page = tmp_path / "page.html"
    page.write_text("one")
    with override_settings(DEBUG=True, TEMPLATES=[{"BACKEND": BACKEND, "DIRS": [tmp_path]}]):
        assert engines["jinja2"].env.auto_reload is True  # type: ignore[attr-defined]
        assert get_template("page.html").render() == "one"
        page.write_text("two, longer")
        import os

        os.utime(page, (1, 2_000_000_000))
        assert get_template("page.html").render() == "two, longer"


def test_syntax_error_carries_template_debug() -> None:
    with pytest.raises(TemplateSyntaxError) as info:
        get_template("broken.html")
    debug = info.value.template_debug
    assert debug["name"] == str(TEMPLATE_DIR / "broken.html")
    assert debug["line"] == 3
    assert debug["source_lines"] == [
        (1, "<p>line one</p>"),
        (2, "<p>line two</p>"),
        (3, "<p>{{ value + }}</p>"),
        (4, "<p>line four</p>"),
    ]
    assert debug["message"]
    assert "broken.html, line 3" in str(info.value)
    # Django's keys for error pages: the faulty line to mark, and where the shown lines are.
    assert (debug["before"], debug["during"], debug["after"]) == ("", "<p>{{ value + }}</p>", "")
    assert (debug["top"], debug["bottom"], debug["total"]) == (0, 4, 4)


def test_syntax_error_in_a_long_template_keeps_ten_lines_either_side() -> None:
    source = "".join(f"line {n}\n" for n in range(1, 16)) + "{{ oops + }}\n" + "x\n" * 15
    with pytest.raises(TemplateSyntaxError) as info:
        engines["jinja2"].from_string(source)
    debug = info.value.template_debug
    assert debug["line"] == 16
    assert (debug["top"], debug["bottom"], debug["total"]) == (5, 26, 31)
    assert [number for number, _ in debug["source_lines"]] == list(range(6, 27))
    assert debug["during"] == "{{ oops + }}"


def test_syntax_error_in_an_included_template_is_translated_at_render() -> None:
    template = get_template("includes_broken.html")
    with pytest.raises(TemplateSyntaxError) as info:
        template.render()
    assert info.value.template_debug["name"].endswith("broken.html")


def test_missing_include_lists_places() -> None:
    with pytest.raises(TemplateDoesNotExist) as info:
        get_template("includes_missing.html").render()
    assert str(TEMPLATE_DIR / "nowhere" / "missing.html") in str(info.value)


def test_from_string_syntax_error() -> None:
    with pytest.raises(TemplateSyntaxError) as info:
        engines["jinja2"].from_string("line\n{{ oops ")
    assert info.value.template_debug["line"] == 2
    assert info.value.template_debug["source_lines"] == [(1, "line"), (2, "{{ oops ")]


def test_custom_environment_factory_and_extensions() -> None:
    with override_settings(
        TEMPLATES=[
            engine_settings(
                environment="tests.template.envs.make_environment",
                extensions=["jinja2.ext.loopcontrols"],
            )
        ]
    ):
        engine = engines["jinja2"]
        assert engine.env.globals["site_version"] == "1.2"  # type: ignore[attr-defined]
        out = engine.from_string(
            "{% for i in [1,2,3] %}{% if i == 2 %}{% break %}{% endif %}{{ i }}{% endfor %}"
        ).render()
        assert out == "1"
        # The factory's own url() wins over the default.
        assert engine.from_string("{{ url('x') }}").render() == "custom-url:x"


def test_environment_factory_must_return_an_environment() -> None:
    with override_settings(TEMPLATES=[engine_settings(environment="builtins.dict")]):
        with pytest.raises(ImproperlyConfigured, match=r"jinja2\.Environment"):
            engines.all()


def test_unimportable_context_processor_is_named() -> None:
    with override_settings(
        TEMPLATES=[{"BACKEND": BACKEND, "OPTIONS": {"context_processors": ["nope.proc"]}}]
    ):
        with pytest.raises(ImproperlyConfigured, match=r"nope\.proc"):
            engines.all()


@pytest.mark.parametrize("query", ["", "?include=1"])
def test_syntax_error_in_a_real_file_is_shown_on_the_technical_500_page(query: str) -> None:
    from scallion.test import Client

    with override_settings(DEBUG=True):
        response = Client(raise_request_exception=False).get(f"/broken/{query}")
    assert response.status_code == 500
    page = response.content.decode()
    assert 'id="template-debug"' in page
    # The file, the line, and the numbered source lines around it, escaped.
    assert f"<code>{TEMPLATE_DIR / 'broken.html'}</code>, line 3" in page
    section = page[page.index('id="template-debug"') : page.index('id="traceback"')]
    for number, text in [(1, "line one"), (2, "line two"), (4, "line four")]:
        assert f'<span class="ln">{number}</span>&lt;p&gt;{text}&lt;/p&gt;' in section
    # Jinja2 knows the line, not the tag: the whole line is marked.
    assert (
        '<li class="current"><span class="ln">3</span><mark>&lt;p&gt;{{ value + }}&lt;/p&gt;</mark>'
        in section
    )


def test_syntax_error_is_not_shown_without_debug() -> None:
    from scallion.test import Client

    response = Client(raise_request_exception=False).get("/broken/")
    assert response.status_code == 500
    assert "template-debug" not in response.content.decode()
    assert "value +" not in response.content.decode()


def test_environment_factory_is_called_once_per_engine_with_the_loader() -> None:
    from tests.template import envs

    envs.CALLS.clear()
    second = {**engine_settings(environment="tests.template.envs.counting_environment")}
    with override_settings(
        TEMPLATES=[
            engine_settings(environment="tests.template.envs.counting_environment"),
            {**second, "NAME": "second", "DIRS": [OTHER_DIR], "APP_DIRS": False},
        ]
    ):
        for _ in range(3):
            render_to_string("context.html", {"value": 1})
            render_to_string("plain.txt", {"value": 2})
            render_to_string("context.html", {"value": 1}, using="second")
        assert len(envs.CALLS) == 2  # one environment per engine, however many renders
        first, other = envs.CALLS
        assert first["loader"].searchpath == [
            str(TEMPLATE_DIR),
            str(HERE / "app_pkg" / "templates"),
        ]
        assert other["loader"].searchpath == [str(OTHER_DIR)]
        assert first["auto_reload"] is False and first["autoescape"] is True


def test_missing_template_places_are_on_the_technical_500_page() -> None:
    from scallion.test import Client

    with override_settings(DEBUG=True):
        response = Client(raise_request_exception=False).get("/missing/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "TemplateDoesNotExist" in page
    for place in (
        TEMPLATE_DIR / "nope.html",
        TEMPLATE_DIR / "nope" / "either.html",
        HERE / "app_pkg" / "templates" / "nope.html",
    ):
        assert str(place) in page, place


def test_a_backend_that_cannot_be_imported_is_an_import_error_too() -> None:
    with override_settings(TEMPLATES=[{"BACKEND": "no_such_package.Backend"}]):
        with pytest.raises(ImportError, match="No module named 'no_such_package'"):
            engines.all()
        with pytest.raises(ImproperlyConfigured, match="cannot be imported"):
            engines.all()
