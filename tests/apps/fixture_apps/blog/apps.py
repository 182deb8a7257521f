from scallion.apps import AppConfig

READY_CALLS: list[str] = []


class BlogConfig(AppConfig):
    name = "tests.apps.fixture_apps.blog"
    label = "blog"
    verbose_name = "The blog"

    def ready(self) -> None:
        READY_CALLS.append(self.label)
