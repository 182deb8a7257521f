"""A small PNG reader (standard library only), to check what a screenshot shows.

Reads the 8-bit, non-interlaced greyscale, RGB and RGBA images that Chromium
writes; anything else raises ``ValueError`` rather than being guessed at.
"""

from __future__ import annotations

import struct
import zlib
from collections import Counter
from dataclasses import dataclass

SIGNATURE = b"\x89PNG\r\n\x1a\n"
#: Colour type -> channels per pixel (0 grey, 2 RGB, 4 grey+alpha, 6 RGBA).
CHANNELS = {0: 1, 2: 3, 4: 2, 6: 4}

RGB = tuple[int, int, int]


@dataclass(frozen=True)
class Image:
    width: int
    height: int
    #: One ``(r, g, b)`` per pixel, row by row (alpha dropped: screenshots are opaque).
    pixels: list[RGB]

    def colour_counts(self) -> Counter[RGB]:
        return Counter(self.pixels)

    def count_near(self, colour: RGB, tolerance: int = 3) -> int:
        """How many pixels are within ``tolerance`` of ``colour`` on every channel."""
        r, g, b = colour
        return sum(
            count
            for (pr, pg, pb), count in self.colour_counts().items()
            if abs(pr - r) <= tolerance and abs(pg - g) <= tolerance and abs(pb - b) <= tolerance
        )


def hex_colour(text: str) -> RGB:
    """``"#eef3ff"`` -> ``(238, 243, 255)``."""
    value = text.removeprefix("#")
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))


def _paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def _unfilter(raw: bytes, width: int, height: int, bpp: int) -> list[bytearray]:
    stride = width * bpp
    rows: list[bytearray] = []
    previous = bytearray(stride)
    offset = 0
    for _ in range(height):
        kind = raw[offset]
        line = bytearray(raw[offset + 1 : offset + 1 + stride])
        offset += 1 + stride
        if len(line) != stride:
            raise ValueError("truncated PNG image data")
        if kind == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 0xFF
        elif kind == 2:
            line = bytearray((x + y) & 0xFF for x, y in zip(line, previous, strict=True))
        elif kind == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + (left + previous[i]) // 2) & 0xFF
        elif kind == 4:
            for i in range(stride):
                if i >= bpp:
                    left, up_left = line[i - bpp], previous[i - bpp]
                else:
                    left = up_left = 0
                line[i] = (line[i] + _paeth(left, previous[i], up_left)) & 0xFF
        elif kind != 0:
            raise ValueError(f"unknown PNG filter type {kind}")
        rows.append(line)
        previous = line
    return rows


def decode(data: bytes) -> Image:
    """Decode a PNG file's bytes (checking every chunk's CRC)."""
    if not data.startswith(SIGNATURE):
        raise ValueError("not a PNG file")
    offset = len(SIGNATURE)
    header: tuple[int, ...] | None = None
    idat = bytearray()
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        body = data[offset + 8 : offset + 8 + length]
        (crc,) = struct.unpack(">I", data[offset + 8 + length : offset + 12 + length])
        if zlib.crc32(kind + body) != crc:
            raise ValueError(f"bad CRC in PNG chunk {kind!r}")
        offset += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
    if header is None:
        raise ValueError("PNG without IHDR")
    width, height, depth, colour_type, _compression, _filter, interlace = header
    if depth != 8 or colour_type not in CHANNELS or interlace:
        raise ValueError(f"unsupported PNG: depth {depth}, colour type {colour_type}")
    bpp = CHANNELS[colour_type]
    rows = _unfilter(zlib.decompress(bytes(idat)), width, height, bpp)
    pixels: list[RGB] = []
    for row in rows:
        if bpp >= 3:
            pixels.extend((row[i], row[i + 1], row[i + 2]) for i in range(0, len(row), bpp))
        else:
            pixels.extend((row[i], row[i], row[i]) for i in range(0, len(row), bpp))
    return Image(width, height, pixels)
