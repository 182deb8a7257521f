"""The screenshot checks rest on png.decode: it must read every filter type exactly."""

from __future__ import annotations

import random
import struct
import zlib

import pytest

from . import png


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _encode(rows: list[list[int]], width: int, bpp: int, colour_type: int) -> bytes:
    """A PNG using filter type ``y % 5`` on row y, so each of the five filters is used."""
    raw = bytearray()
    previous = [0] * (width * bpp)
    for y, row in enumerate(rows):
        kind = y % 5
        raw.append(kind)
        for i, value in enumerate(row):
            a = row[i - bpp] if i >= bpp else 0
            b = previous[i]
            c = previous[i - bpp] if i >= bpp else 0
            prediction = [0, a, b, (a + b) // 2, png._paeth(a, b, c)][kind]
            raw.append((value - prediction) & 0xFF)
        previous = row
    header = struct.pack(">IIBBBBB", width, len(rows), 8, colour_type, 0, 0, 0)
    return (
        png.SIGNATURE
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(bytes(raw)))
        + _chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(("colour_type", "bpp"), [(2, 3), (6, 4)])
def test_decodes_every_filter_type(colour_type: int, bpp: int) -> None:
    rng = random.Random(colour_type)
    width, height = 9, 10
    rows = [[rng.randrange(256) for _ in range(width * bpp)] for _ in range(height)]
    image = png.decode(_encode(rows, width, bpp, colour_type))
    expected = [tuple(row[i : i + 3]) for row in rows for i in range(0, width * bpp, bpp)]
    assert (image.width, image.height) == (width, height)
    assert image.pixels == expected


def test_counts_colours_near_a_shade() -> None:
    rows = [[238, 243, 255] * 3 + [0, 0, 0], [239, 242, 254] * 4]
    image = png.decode(_encode(rows, 4, 3, 2))
    assert image.count_near(png.hex_colour("#eef3ff")) == 7
    assert len(image.colour_counts()) == 3


def test_rejects_a_corrupt_file() -> None:
    data = bytearray(_encode([[1, 2, 3]], 1, 3, 2))
    data[-20] ^= 0xFF  # inside the IDAT chunk: its CRC no longer matches
    with pytest.raises(ValueError, match="CRC"):
        png.decode(bytes(data))
    with pytest.raises(ValueError, match="not a PNG"):
        png.decode(b"GIF89a")
