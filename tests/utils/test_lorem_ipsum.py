"""scallion.utils.lorem_ipsum: placeholder text."""

from __future__ import annotations

import random
from unittest import mock

from scallion.utils import lorem_ipsum


def test_common_words_and_paragraph() -> None:
    assert lorem_ipsum.words(3) == "lorem ipsum dolor"
    assert lorem_ipsum.words(0) == ""
    assert len(lorem_ipsum.COMMON_WORDS) == 19
    assert lorem_ipsum.COMMON_WORDS[-1] == "aliqua"
    assert lorem_ipsum.paragraphs(1) == [lorem_ipsum.COMMON_P]
    assert len(lorem_ipsum.WORDS) == 182


def test_random_words_are_drawn_from_the_vocabulary() -> None:
    random.seed(7)
    words = lorem_ipsum.words(500, common=False).split()
    assert len(words) == 500
    assert set(words) <= set(lorem_ipsum.WORDS)
    more = lorem_ipsum.words(25).split()
    assert more[:19] == list(lorem_ipsum.COMMON_WORDS) and len(more) == 25


def test_sentence_uses_the_random_module() -> None:
    with (
        mock.patch.object(random, "randint", return_value=2),
        mock.patch.object(random, "sample", return_value=["exercitationem", "perferendis"]),
        mock.patch.object(random, "choice", return_value="?"),
    ):
        assert lorem_ipsum.sentence() == ("Exercitationem perferendis, exercitationem perferendis?")
        assert lorem_ipsum.paragraph() == " ".join([lorem_ipsum.sentence()] * 2)
        assert lorem_ipsum.paragraphs(2, common=False) == [lorem_ipsum.paragraph()] * 2


def test_sentences_are_capitalised_and_punctuated() -> None:
    random.seed(3)
    for _ in range(50):
        text = lorem_ipsum.sentence()
        assert text[0].isupper() and text[-1] in "?."
        assert set(text[:-1].lower().replace(",", "").split()) <= set(lorem_ipsum.WORDS)
