"""The app registry: INSTALLED_APPS entries to AppConfigs, ready(), look-ups and errors."""

from __future__ import annotations

import pytest

from scallion.apps import AppConfig, apps
from scallion.apps.registry import Apps
from scallion.core.exceptions import AppRegistryNotReady, ImproperlyConfigured
from scallion.test import override_settings
from tests.apps.fixture_apps.blog import apps as blog_apps

BLOG = "tests.apps.fixture_apps.blog"
SHOP = "tests.apps.fixture_apps.shop"


def test_a_package_uses_its_single_app_config_and_ready_runs_once() -> None:
    blog_apps.READY_CALLS.clear()
    registry = Apps([BLOG, "scallion.contrib.messages"])
    config = registry.get_app_config("blog")
    assert type(config).__name__ == "BlogConfig"
    assert (config.name, config.label, config.verbose_name) == (BLOG, "blog", "The blog")
    assert config.path.endswith("fixture_apps/blog")
    assert config.apps is registry
    assert blog_apps.READY_CALLS == ["blog"]
    registry.populate()  # already ready: nothing runs again
    assert blog_apps.READY_CALLS == ["blog"]
    assert [c.label for c in registry.get_app_configs()] == ["blog", "messages"]


def test_default_false_excludes_a_config_and_an_explicit_path_picks_it() -> None:
    registry = Apps([SHOP])
    assert type(registry.get_app_config("shop")).__name__ == "ShopConfig"
    explicit = Apps([f"{SHOP}.apps.OtherShopConfig"])
    assert explicit.get_app_config("other_shop").name == SHOP


def test_a_plain_package_gets_a_plain_app_config() -> None:
    registry = Apps(["tests.apps.fixture_apps"])
    config = registry.get_app_config("fixture_apps")
    assert type(config) is AppConfig
    assert config.verbose_name == "Fixture_Apps"
    assert repr(config) == "<AppConfig: fixture_apps>"


def test_look_ups() -> None:
    registry = Apps([BLOG])
    assert registry.is_installed(BLOG)
    assert not registry.is_installed("blog")
    assert registry.get_containing_app_config(f"{BLOG}.views.index").label == "blog"
    assert registry.get_containing_app_config("elsewhere.views") is None
    with pytest.raises(LookupError, match="No installed app with label 'shop'"):
        registry.get_app_config("shop")
    with pytest.raises(LookupError, match=r"Did you mean 'blog'\?"):
        registry.get_app_config(BLOG)
    assert registry.get_models() == []
    with pytest.raises(LookupError, match="App 'blog' doesn't have a 'Post' model"):
        registry.get_model("blog.Post")


@pytest.mark.parametrize(
    ("entry", "error", "message"),
    [
        ("no_such_package_xyz", ModuleNotFoundError, "no_such_package_xyz"),
        (f"{SHOP}.apps.MissingConfig", ImportError, "does not contain a 'MissingConfig' class"),
        (f"{SHOP}.apps.ShopConfig.x", ImportError, "is not a package"),
    ],
)
def test_bad_entries_name_the_problem(entry: str, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        Apps([entry])


def test_duplicates_are_refused() -> None:
    with pytest.raises(ImproperlyConfigured, match="Application labels aren't unique"):
        Apps([BLOG, BLOG])


def test_a_registry_built_empty_is_not_ready() -> None:
    registry = Apps(installed_apps=())
    assert registry.ready
    registry.reset()
    with pytest.raises(AppRegistryNotReady):
        registry.get_app_configs()


def test_the_global_registry_follows_installed_apps() -> None:
    with override_settings(INSTALLED_APPS=[BLOG]):
        assert [c.label for c in apps.get_app_configs()] == ["blog"]
        with override_settings(INSTALLED_APPS=[SHOP, BLOG]):
            assert [c.label for c in apps.get_app_configs()] == ["shop", "blog"]
        assert [c.label for c in apps.get_app_configs()] == ["blog"]
