"""Placeholder Latin text ("lorem ipsum"), for the ``{% lorem %}`` tag and mock-ups.

Random choices go through the ``random`` module's ``randint``, ``sample`` and
``choice``, so a test can fix them with a seed or a mock. The functions build
what they are asked for: callers taking a count from a template must bound it.
"""

from __future__ import annotations

import random

__all__ = ["COMMON_P", "COMMON_WORDS", "WORDS", "paragraph", "paragraphs", "sentence", "words"]

#: The classic opening paragraph.
COMMON_P = (
    "Lorem ipsum dolor sit amet, consectetur adipisicing elit, sed do eiusmod "
    "tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim "
    "veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea "
    "commodo consequat. Duis aute irure dolor in reprehenderit in voluptate "
    "velit esse cillum dolore eu fugiat nulla pariatur. Excepteur sint "
    "occaecat cupidatat non proident, sunt in culpa qui officia deserunt "
    "mollit anim id est laborum."
)

#: The first words of ``COMMON_P`` (to "aliqua"), lower case, without punctuation.
COMMON_WORDS = tuple(COMMON_P.lower().replace(",", "").replace(".", "").split()[:19])

_VOCABULARY = """
    a ab accusamus accusantium ad adipisci alias aliquam aliquid amet animi aperiam
    architecto asperiores aspernatur assumenda at atque aut autem beatae blanditiis commodi
    consectetur consequatur consequuntur corporis corrupti culpa cum cumque cupiditate
    debitis delectus deleniti deserunt dicta dignissimos distinctio dolor dolore dolorem
    doloremque dolores doloribus dolorum ducimus ea eaque earum eius eligendi enim eos error
    esse est et eum eveniet ex excepturi exercitationem expedita explicabo facere facilis
    fuga fugiat fugit harum hic id illo illum impedit in incidunt inventore ipsa ipsam ipsum
    iste itaque iure iusto labore laboriosam laborum laudantium libero magnam magni maiores
    maxime minima minus modi molestiae molestias mollitia nam natus necessitatibus nemo
    neque nesciunt nihil nisi nobis non nostrum nulla numquam obcaecati odio odit officia
    officiis omnis optio pariatur perferendis perspiciatis placeat porro possimus
    praesentium provident quae quaerat quam quas quasi qui quia quibusdam quidem quis
    quisquam quo quod quos ratione recusandae reiciendis rem repellat repellendus
    reprehenderit repudiandae rerum saepe sapiente sed sequi similique sint sit soluta sunt
    suscipit tempora tempore temporibus tenetur totam ullam unde ut vel velit veniam
    veritatis vero vitae voluptas voluptate voluptatem voluptates voluptatibus voluptatum
"""

#: The vocabulary random text is drawn from.
WORDS = tuple(_VOCABULARY.split())


def sentence() -> str:
    """A random sentence: 1 to 5 comma-separated runs of 3 to 12 words, capitalised.

    It ends with a period or a question mark.
    """
    sections = [
        " ".join(random.sample(WORDS, random.randint(3, 12))) for _ in range(random.randint(1, 5))
    ]
    text = ", ".join(sections)
    return f"{text[0].upper()}{text[1:]}{random.choice('?.')}"


def paragraph() -> str:
    """A random paragraph of 1 to 4 sentences."""
    return " ".join(sentence() for _ in range(random.randint(1, 4)))


def paragraphs(count: int, common: bool = True) -> list[str]:
    """``count`` paragraphs; with ``common`` the first is ``COMMON_P``."""
    return [COMMON_P if common and i == 0 else paragraph() for i in range(count)]


def words(count: int, common: bool = True) -> str:
    """``count`` words separated by spaces; with ``common`` they start with ``COMMON_WORDS``.

    Past the common words, words are drawn without repetition from ``WORDS``,
    a full draw at a time.
    """
    chosen = list(COMMON_WORDS) if common else []
    if count <= len(chosen):
        return " ".join(chosen[:count])
    count -= len(chosen)
    while count > 0:
        take = min(count, len(WORDS))
        count -= take
        chosen += random.sample(WORDS, take)
    return " ".join(chosen)
