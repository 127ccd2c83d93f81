#!/usr/bin/env python3
"""Converts GIMP pattern files (.pat: a big-endian header, then raw 8-bit pixels) to PNG, with the standard library
only. Used by bench/train-quality.sh to read the photo textures of Debian's gimp-data package by path.

usage: pat2png.py IN.pat OUT.png"""
import struct
import sys
import zlib


def read_pat(path):
    b = open(path, 'rb').read()
    if len(b) < 24 or b[20:24] != b'GPAT':
        sys.exit(f"pat2png: {path}: not a GIMP pattern (no GPAT magic)")
    header, version, w, h, bpp = struct.unpack('>5I', b[:20])
    if version != 1 or bpp not in (1, 2, 3, 4) or w * h * bpp > len(b) - header:
        sys.exit(f"pat2png: {path}: unsupported pattern (version {version}, {bpp} bytes per pixel, {w}x{h})")
    return w, h, bpp, b[header:header + w * h * bpp]


def write_png(path, w, h, bpp, pixels):
    colour = {1: 0, 2: 4, 3: 2, 4: 6}[bpp]  # gray, gray+alpha, RGB, RGBA

    def chunk(kind, data):
        c = kind + data
        return struct.pack('>I', len(data)) + c + struct.pack('>I', zlib.crc32(c) & 0xffffffff)
    rows = b''.join(b'\0' + pixels[y * w * bpp:(y + 1) * w * bpp] for y in range(h))
    png = (b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, colour, 0, 0, 0))
           + chunk(b'IDAT', zlib.compress(rows, 9)) + chunk(b'IEND', b''))
    tmp = path + '.partial'
    with open(tmp, 'wb') as f:
        f.write(png)
    import os
    os.replace(tmp, path)


if __name__ == '__main__':
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    write_png(sys.argv[2], *read_pat(sys.argv[1]))
