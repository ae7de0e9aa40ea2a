"""Tiny valid images for the demo site, built in code (no imaging library).

Every picture of the demo pages is a flat tile: what matters is that image
URLs answer with real image bytes of the announced type.
"""
from __future__ import annotations

import struct
import zlib

WIDTH, HEIGHT = 64, 36


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bytes(rgb: tuple[int, int, int], width: int = WIDTH, height: int = HEIGHT) -> bytes:
    """A PNG filled with one colour."""
    row = b"\x00" + bytes(rgb) * width  # filter type 0, then the pixels
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header)
            + _png_chunk(b"IDAT", zlib.compress(row * height)) + _png_chunk(b"IEND", b""))


def _segment(marker: int, payload: bytes) -> bytes:
    return struct.pack(">BBH", 0xFF, marker, len(payload) + 2) + payload


def jpeg_bytes(width: int = WIDTH, height: int = HEIGHT) -> bytes:
    """A baseline greyscale JPEG, mid-grey.

    Every 8x8 block has only a zero DC difference and an end-of-block, so
    one-symbol Huffman tables (code ``0`` for each) encode the whole image
    as two zero bits per block.
    """
    one_code = bytes([1] + [0] * 15) + b"\x00"  # one code of length 1, for symbol 0
    blocks = -(-width // 8) * -(-height // 8)
    bits = "00" * blocks
    bits += "1" * (-len(bits) % 8)  # pad the last byte with ones
    scan = int(bits, 2).to_bytes(len(bits) // 8, "big")
    return (b"\xff\xd8"
            + _segment(0xDB, b"\x00" + b"\x01" * 64)  # quantisation table 0: all ones
            + _segment(0xC0, struct.pack(">BHHB", 8, height, width, 1) + b"\x01\x11\x00")
            + _segment(0xC4, b"\x00" + one_code)  # DC table 0
            + _segment(0xC4, b"\x10" + one_code)  # AC table 0
            + _segment(0xDA, b"\x01\x01\x00\x00\x3f\x00")
            + scan + b"\xff\xd9")


#: Content type and bytes of the demo image for each file extension.
IMAGE_TYPES = {
    ".jpg": ("image/jpeg", jpeg_bytes()),
    ".jpeg": ("image/jpeg", jpeg_bytes()),
    ".png": ("image/png", png_bytes((38, 84, 124))),
}
