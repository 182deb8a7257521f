from scallion.apps import AppConfig


class ShopConfig(AppConfig):
    name = "tests.apps.fixture_apps.shop"


class OtherShopConfig(AppConfig):
    name = "tests.apps.fixture_apps.shop"
    label = "other_shop"
    default = False
