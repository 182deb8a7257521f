"""System checks: each message and its stable ID, and the ``check`` command."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from scallion.core import checks
from scallion.core.checks import Error, Tags, Warning, register, run_checks
from scallion.core.checks.registry import registry
from scallion.test import override_settings

Run = Callable[..., Any]

SESSION = "scallion.contrib.sessions.middleware.SessionMiddleware"
MESSAGES = "scallion.contrib.messages.middleware.MessageMiddleware"
CSRF = "scallion.middleware.csrf.CsrfViewMiddleware"
COMMON = "scallion.middleware.common.CommonMiddleware"
GZIP = "scallion.middleware.gzip.GZipMiddleware"
SECURITY = "scallion.middleware.security.SecurityMiddleware"
XFRAME = "scallion.middleware.clickjacking.XFrameOptionsMiddleware"
GOOD_KEY = "a-long-random-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGH"


def ids(tags: list[str] | None = None, deploy: bool = False) -> list[str]:
    return sorted(m.id or "" for m in run_checks(tags=tags, include_deployment_checks=deploy))


def test_test_settings_pass() -> None:
    assert ids() == []


@pytest.mark.parametrize(
    "overrides, expected",
    [
        ({"SECRET_KEY": ""}, ["security.E001"]),
        ({"SECRET_KEY": "short"}, ["security.W009"]),
        ({"SECRET_KEY": "x" * 60}, ["security.W009"]),
        ({"SECRET_KEY": "scallion-insecure-" + GOOD_KEY}, ["security.W009"]),
        ({"SECRET_KEY": "short", "DEBUG": True}, []),
        ({"ALLOWED_HOSTS": []}, ["security.W020"]),
        ({"ALLOWED_HOSTS": [], "DEBUG": True}, []),
        ({"SECRET_KEY_FALLBACKS": [GOOD_KEY, "old"]}, ["security.W025"]),
        ({"SECURE_REFERRER_POLICY": "nope"}, ["security.E023"]),
        ({"SECURE_REFERRER_POLICY": "same-origin, no-referrer"}, []),
        ({"SECURE_CROSS_ORIGIN_OPENER_POLICY": "bad"}, ["security.E024"]),
    ],
)
def test_security(overrides: dict[str, Any], expected: list[str]) -> None:
    with override_settings(**overrides):
        assert ids([Tags.security]) == expected


def test_deployment_checks() -> None:
    with override_settings(DEBUG=True, MIDDLEWARE=[SESSION, CSRF]):
        found = ids([Tags.security], deploy=True)
    assert found == [
        "security.W001",
        "security.W002",
        "security.W011",
        "security.W016",
        "security.W018",
    ]
    secure = {
        "MIDDLEWARE": [SECURITY, SESSION, CSRF, XFRAME],
        "SECURE_HSTS_SECONDS": 3600,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECRET_KEY": GOOD_KEY,
    }
    with override_settings(**secure):
        assert ids([Tags.security], deploy=True) == []
    with override_settings(**{**secure, "SECURE_HSTS_SECONDS": 0, "X_FRAME_OPTIONS": "SAMEORIGIN"}):
        assert ids([Tags.security], deploy=True) == ["security.W004", "security.W019"]


@pytest.mark.parametrize(
    "overrides, expected",
    [
        ({"MIDDLEWARE": ["no.such.Middleware"]}, ["middleware.E001"]),
        ({"MIDDLEWARE": ["scallion.middleware.common.NoSuchClass"]}, ["middleware.E001"]),
        ({"MIDDLEWARE": [SECURITY, SESSION, COMMON, CSRF, XFRAME, MESSAGES]}, []),
        ({"MIDDLEWARE": [MESSAGES, SESSION]}, ["middleware.E002"]),
        ({"MIDDLEWARE": [MESSAGES]}, ["middleware.E003"]),
        (
            {
                "MIDDLEWARE": [MESSAGES],
                "MESSAGE_STORAGE": "scallion.contrib.messages.storage.cookie.CookieStorage",
            },
            [],
        ),
        ({"MIDDLEWARE": [CSRF, SESSION]}, []),
        ({"MIDDLEWARE": [CSRF, SESSION], "CSRF_USE_SESSIONS": True}, ["middleware.E002"]),
        ({"MIDDLEWARE": [CSRF], "CSRF_USE_SESSIONS": True}, ["middleware.E003"]),
        ({"MIDDLEWARE": [GZIP, COMMON]}, []),
        ({"MIDDLEWARE": [COMMON, GZIP]}, ["middleware.W001"]),
        ({"MIDDLEWARE": [SESSION, SECURITY]}, ["middleware.W002"]),
        ({"MIDDLEWARE": [COMMON, COMMON]}, ["middleware.W004"]),
    ],
)
def test_middleware(overrides: dict[str, Any], expected: list[str]) -> None:
    with override_settings(**overrides):
        assert ids([Tags.middleware]) == expected


def test_cache_middleware_order() -> None:
    with override_settings(MIDDLEWARE=["x.FetchFromCacheMiddleware", "x.UpdateCacheMiddleware"]):
        messages = checks.run_checks(tags=[Tags.middleware])
    assert [m.id for m in messages if m.id and m.id.startswith("middleware.W")] == [
        "middleware.W003"
    ]


def test_middleware_message_names_the_culprit() -> None:
    with override_settings(MIDDLEWARE=[MESSAGES, SESSION]):
        (message,) = run_checks(tags=[Tags.middleware])
    assert "SessionMiddleware is listed after MessageMiddleware" in message.msg
    assert "FallbackStorage" in message.msg
    assert message.hint and "Move SessionMiddleware above MessageMiddleware" in message.hint


JINJA = "scallion.template.backends.jinja2.Jinja2"


@pytest.mark.parametrize(
    "templates, expected",
    [
        ([{"BACKEND": JINJA, "OPTIONS": {"context_processors": []}}], []),
        ([{"BACKEND": "no.such.Backend"}], ["templates.E101"]),
        (["not a dict"], ["templates.E101"]),
        (
            [{"BACKEND": JINJA, "OPTIONS": {"context_processors": ["no.such.processor"]}}],
            ["templates.E102"],
        ),
        (
            [{"BACKEND": JINJA, "OPTIONS": {"context_processors": ["scallion.VERSION"]}}],
            ["templates.E102"],
        ),
        ([{"BACKEND": JINJA, "OPTIONS": {"context_processors": "x.y"}}], ["templates.E103"]),
    ],
)
def test_templates(templates: list[Any], expected: list[str]) -> None:
    with override_settings(TEMPLATES=templates):
        assert ids([Tags.templates]) == expected


def test_urls() -> None:
    with override_settings(ROOT_URLCONF="tests.management.dup_urls"):
        found = ids([Tags.urls])
    assert found == ["urls.W002", "urls.W003", "urls.W100"]
    with override_settings(ROOT_URLCONF="tests.management.routes_urls"):
        assert ids([Tags.urls]) == []
    with override_settings(ROOT_URLCONF="tests.management.raising_urls"):
        assert ids([Tags.urls]) == ["urls.E001"]
    with override_settings(STATIC_URL="/static", MEDIA_URL="/media/"):
        assert ids([Tags.urls]) == ["urls.E006"]


def test_message_format() -> None:
    message = Error("Bad thing.", hint="Fix it.", obj="thing", id="x.E001")
    assert str(message) == "thing: (x.E001) Bad thing.\n\tHINT: Fix it."
    # Without an object, Django's "?" stands in its place; the console leaves it out.
    assert str(Error("Bad.", id="x.E002")) == "?: (x.E002) Bad."
    assert checks.messages.console_text(Error("Bad.", id="x.E002")) == "(x.E002) Bad."
    assert checks.messages.console_text(message) == str(message)
    assert message.is_serious()
    assert not Warning("w", id="x.W001").is_serious()
    assert message == Error("Bad thing.", hint="Fix it.", obj="thing", id="x.E001")


def test_custom_check_registration() -> None:
    @register("custom-tag")
    def my_check(**kwargs: Any) -> list[checks.CheckMessage]:
        return [Warning("custom", id="custom.W001")]

    try:
        assert ids(["custom-tag"]) == ["custom.W001"]
        assert registry.tag_exists("custom-tag")
    finally:
        registry.registered_checks.discard(my_check)


def test_check_returning_a_non_list_names_it() -> None:
    def broken(**kwargs: Any) -> Any:
        return None

    registry.register(broken, "broken-tag")
    try:
        with pytest.raises(TypeError, match="test_check_returning_a_non_list_names_it"):
            run_checks(tags=["broken-tag"])
    finally:
        registry.registered_checks.discard(broken)


# -- the command ------------------------------------------------------------------------


def test_command_clean(run: Run) -> None:
    result = run("check")
    assert result.code == 0
    assert "System check identified no issues." in result.out


def test_command_warnings_pass_errors_fail(run: Run) -> None:
    with override_settings(SECRET_KEY="short"):
        result = run("check")
        assert result.code == 0
        assert "WARNING: (security.W009)" in result.out
        assert run("check", "--fail-level", "WARNING").code == 1
    with override_settings(MIDDLEWARE=["no.such.Middleware"]):
        result = run("check")
    assert result.code == 1
    assert "ERROR: (middleware.E001) MIDDLEWARE[0] 'no.such.Middleware' cannot be imported" in (
        result.out
    )
    assert "System check identified 1 issue." in result.out


def test_command_silenced(run: Run) -> None:
    with override_settings(SECRET_KEY="short", SILENCED_SYSTEM_CHECKS=["security.W009"]):
        result = run("check")
    assert result.code == 0
    assert "no issues (1 silenced)" in result.out


def test_command_tags(run: Run) -> None:
    assert "security" in run("check", "--list-tags").out.split()
    result = run("check", "--tag", "nope")
    assert result.code == 2
    assert 'There is no system check with the "nope" tag. Available tags: ' in result.err
    with override_settings(SECRET_KEY="short"):
        assert "W009" not in run("check", "--tag", "urls").out


def test_call_command_raises_at_the_fail_level() -> None:
    """As in Django: a failing check is a SystemCheckError for call_command, after the report."""
    from scallion.core.management import call_command
    from scallion.core.management.base import SystemCheckError

    with override_settings(SECRET_KEY="short"):
        call_command("check")  # warnings only: no error at the default level
        with pytest.raises(SystemCheckError, match="1 issue at or above the fail level"):
            call_command("check", fail_level="WARNING")


def test_command_deploy(run: Run) -> None:
    result = run("check", "--deploy")
    assert "security.W001" in result.out
    assert result.code == 0


def test_staticfiles_dirs(tmp_path: Path) -> None:
    present, missing, root = tmp_path / "static", tmp_path / "no-such-dir", tmp_path / "root"
    present.mkdir()
    root.mkdir()
    with override_settings(STATICFILES_DIRS=[present, ("vendor", present)]):
        assert ids([Tags.staticfiles]) == []
    with override_settings(STATICFILES_DIRS=[present, ("vendor", str(missing))]):
        [message] = run_checks(tags=[Tags.staticfiles])
    assert message.id == "staticfiles.W004"
    assert str(missing) in message.msg and "STATICFILES_DIRS" in message.msg
    with override_settings(STATICFILES_DIRS=[root], STATIC_ROOT=str(root)):
        assert ids([Tags.staticfiles]) == ["staticfiles.E002"]


# -- the registry, as Django's -----------------------------------------------------------


def test_checks_get_app_configs_and_databases() -> None:
    from scallion.core.checks.registry import CheckRegistry

    calls: list[dict[str, Any]] = []

    def check(app_configs: Any, **kwargs: Any) -> list[Any]:
        calls.append({"app_configs": app_configs, **kwargs})
        return []

    local = CheckRegistry()
    local.register(check)
    local.run_checks()
    local.run_checks(app_configs=["an app"], databases=["default"])
    assert calls == [
        {"app_configs": None, "databases": []},
        {"app_configs": ["an app"], "databases": ["default"]},
    ]
    # Overriding DATABASES warns, as in Django; scallion only reads its aliases here.
    with (
        pytest.warns(UserWarning, match="DATABASES"),
        override_settings(DATABASES={"default": {}, "other": {}}),
    ):
        local.run_checks()
    assert calls[-1] == {"app_configs": None, "databases": ["default", "other"]}


def test_database_checks_run_only_when_databases_are_named() -> None:
    from scallion.core.checks.registry import CheckRegistry

    local = CheckRegistry()

    @local.register(Tags.database)
    def database_check(**kwargs: Any) -> list[Any]:
        return [Warning("db", id="db.W001")]

    assert local.run_checks() == []
    assert [m.id for m in local.run_checks(databases=["default"])] == ["db.W001"]
    assert [m.id for m in local.run_checks(tags=[Tags.database])] == ["db.W001"]


def test_register_forms_and_tag_selection() -> None:
    from scallion.core.checks.registry import CheckRegistry

    def first(**kwargs: Any) -> list[Any]:
        return [1]

    def second(**kwargs: Any) -> list[Any]:
        return [2]

    def deployed(**kwargs: Any) -> list[Any]:
        return [3]

    local = CheckRegistry()
    local.register()(first)
    local.register("tag1", "tag2")(second)
    local.register(deployed, "tag2", deploy=True)
    assert sorted(local.run_checks()) == [1, 2]
    assert local.run_checks(tags=["tag1"]) == [2]
    assert sorted(local.run_checks(tags=["tag2"], include_deployment_checks=True)) == [2, 3]
    assert set(second.tags) == {"tag1", "tag2"}  # type: ignore[attr-defined]
    assert local.tags_available() == {"tag1", "tag2"}
    assert not local.tag_exists("nope")


def test_a_check_without_kwargs_is_refused_when_registered() -> None:
    from scallion.core.checks.registry import CheckRegistry

    def no_kwargs(app_configs: Any) -> list[Any]:
        return []

    with pytest.raises(TypeError, match=r"must accept keyword arguments \(\*\*kwargs\)") as info:
        CheckRegistry().register(no_kwargs)
    assert "no_kwargs" in str(info.value)


def test_a_check_may_return_any_iterable_but_not_a_message() -> None:
    from scallion.core.checks.registry import CheckRegistry

    local = CheckRegistry()
    local.register(lambda **kwargs: (m for m in [Warning("w", id="x.W001")]), "gen")
    assert [m.id for m in local.run_checks(tags=["gen"])] == ["x.W001"]

    def returns_one(**kwargs: Any) -> Any:
        return Error("not in a list")

    local.register(returns_one, "one")
    with pytest.raises(TypeError, match="did not return a list") as info:
        local.run_checks(tags=["one"])
    assert "returns_one" in str(info.value)
    assert "must return a list. Return an empty one" in str(info.value)


def test_a_message_two_checks_report_is_listed_once() -> None:
    from scallion.core.checks.registry import CheckRegistry

    local = CheckRegistry()
    shared = Warning("same", id="x.W001")
    local.register(lambda **kwargs: [shared], "t")
    local.register(lambda **kwargs: [Warning("same", id="x.W001"), 5, 5], "t")
    assert local.run_checks(tags=["t"]).count(shared) == 1
    assert local.run_checks(tags=["t"]).count(5) == 2  # only messages are merged


def test_checks_registry_is_the_module() -> None:
    # As in Django: ``checks.registry.registry`` is the registry, beside CheckRegistry.
    assert checks.registry.registry is registry
    assert checks.registry.CheckRegistry is type(registry)


def test_message_level_and_equality() -> None:
    with pytest.raises(TypeError, match=r"The first argument should be level\. .*'ERROR'"):
        checks.CheckMessage("ERROR", "msg")  # type: ignore[arg-type]
    assert Error("m", id="x") != Warning("m", id="x")
    assert Error("m", obj=1) != Error("m", obj=2)
    assert Error("m") != "m"


def test_the_models_check_is_registered_under_djangos_name_and_finds_nothing() -> None:
    from scallion.core.checks import model_checks

    assert model_checks.check_all_models() == []
    assert registry.tag_exists(Tags.models)
