"""Out-of-scope stubs: lenient while test modules import, strict while a test runs."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator

import pytest
from conformance.worker import stubs


@pytest.fixture
def stub_modules() -> Iterator[None]:
    finder = stubs.StubFinder()
    sys.meta_path.insert(0, finder)
    yield
    sys.meta_path.remove(finder)
    for name in [n for n in sys.modules if n.startswith(stubs.STUB_ROOT)]:
        del sys.modules[name]
    stubs.stop_recording()


def test_any_module_under_the_root_imports(stub_modules: None) -> None:
    module = importlib.import_module("outofscope.django.contrib.auth.models")
    assert isinstance(module, stubs.StubModule)
    assert module.User is module.User  # one class per name
    assert repr(module.User) == "<out-of-scope class outofscope.django.contrib.auth.models.User>"
    with pytest.raises(AttributeError):
        module.__file__  # noqa: B018  (the app registry looks for it)


def test_classes_can_build_on_stubs_at_import_time(stub_modules: None) -> None:
    models = importlib.import_module("outofscope.django.db.models")

    class Article(models.Model):  # type: ignore[misc, name-defined]
        title = models.CharField(max_length=10)

    article = Article(title="x")
    assert isinstance(article, models.Model)
    assert Article._stub_name.endswith("Article")
    assert bool(article)  # lenient: nothing records or raises outside a test
    assert list(article) == []
    with pytest.raises(models.DoesNotExist):
        raise models.DoesNotExist()


def test_constants_are_text(stub_modules: None) -> None:
    mail = importlib.import_module("outofscope.django.core.mail")
    assert isinstance(mail.NO_DEFAULT_MAILER_WARNING, str)


def test_a_test_that_really_uses_a_stub_fails_and_is_recorded(stub_modules: None) -> None:
    mail = importlib.import_module("outofscope.django.core.mail")
    stubs.start_recording()
    outbox = r"len\(\) of outofscope\.django\.core\.mail\.outbox"
    with pytest.raises(stubs.OutOfScope, match=outbox):
        len(mail.outbox)
    for use in (bool, iter, lambda s: s[0], lambda s: 1 in s):
        with pytest.raises(stubs.OutOfScope):
            use(mail.get_connection())
    with pytest.raises(stubs.OutOfScope), mail.get_connection():
        pass
    used = stubs.stop_recording()
    assert "outofscope.django.core.mail.outbox" in used


def test_imports_during_a_test_stay_lenient(stub_modules: None) -> None:
    auth = importlib.import_module("outofscope.django.contrib.auth.decorators")
    stubs.start_recording()
    with stubs.lenient():
        decorated = auth.login_required(lambda request: None)
        assert bool(decorated)
    with pytest.raises(stubs.OutOfScope):
        bool(decorated)


def test_other_imports_are_not_answered() -> None:
    assert stubs.StubFinder().find_spec("django.db") is None
    assert stubs.StubFinder().find_spec("outofscopex") is None


def test_a_failure_inside_a_stub_is_recognised(stub_modules: None) -> None:
    mail = importlib.import_module("outofscope.django.core.mail")
    stubs.start_recording()
    try:
        len(mail.outbox)
    except stubs.OutOfScope as exc:
        tb = exc.__traceback__
        while tb is not None and tb.tb_next is not None:
            tb = tb.tb_next
        assert tb is not None and stubs.is_stub_frame(tb.tb_frame.f_code.co_filename)
    assert not stubs.is_stub_frame(__file__)
