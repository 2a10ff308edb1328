#!/usr/bin/env python3
"""Fashion-MNIST in colour, for the colorization demo (packaging/colorize-demo.sh).

Each garment is its grey image times a colour, one of two per class drawn at random (a T-shirt is
red or blue, ...): a model trained on it learns which colours go with which shapes, so colorizing
a grey image has several right answers. Writes OUT/train/<class>/NNNNN.png (the first N training
images) and OUT/test/<class>/NNNNN.png (the first M test images of each class). Standard library only.

usage: colour_fmnist.py OUT [N [M]]
"""
import gzip
import random
import struct
import sys
import zlib
from pathlib import Path

SOURCE = Path("/usr/share/datasets/fashion-mnist")
CLASSES = ["t-shirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle-boot"]
COLOURS = [  # two per class, RGB
    [(230, 40, 40), (40, 90, 230)],
    [(40, 60, 160), (200, 170, 90)],
    [(40, 170, 60), (240, 140, 20)],
    [(240, 100, 180), (150, 60, 200)],
    [(150, 90, 40), (90, 130, 170)],
    [(230, 200, 120), (230, 60, 60)],
    [(120, 190, 240), (240, 220, 40)],
    [(240, 240, 240), (230, 50, 50)],
    [(170, 110, 50), (30, 170, 170)],
    [(140, 80, 30), (200, 200, 200)],
]


def read_idx(name):
    with gzip.open(SOURCE / name, "rb") as f:
        data = f.read()
    magic, count = struct.unpack(">II", data[:8])
    if magic == 2051:  # images: count, rows, cols
        rows, cols = struct.unpack(">II", data[8:16])
        size = rows * cols
        return [data[16 + i * size : 16 + (i + 1) * size] for i in range(count)]
    return list(data[8 : 8 + count])  # labels


def png(pixels, width, height):
    """An 8-bit RGB PNG of `pixels` (bytes, row-major RGB)."""
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + pixels[y * width * 3 : (y + 1) * width * 3] for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def write(split, images, labels, count, out, rng, per_class=None):
    written = [0] * len(CLASSES)
    for i in range(min(count, len(images)) if per_class is None else len(images)):
        label = labels[i]
        if per_class is not None:
            if written[label] == per_class:
                continue
            written[label] += 1
        colour = rng.choice(COLOURS[label])
        pixels = bytes(g * c // 255 for g in images[i] for c in colour)
        folder = out / split / f"{label}-{CLASSES[label]}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{i:05d}.png").write_bytes(png(pixels, 28, 28))


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out = Path(sys.argv[1])
    train_count = int(sys.argv[2]) if len(sys.argv) > 2 else 12000
    test_per_class = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    rng = random.Random(0)
    write("train", read_idx("train-images-idx3-ubyte.gz"), read_idx("train-labels-idx1-ubyte.gz"), train_count, out, rng)
    write("test", read_idx("t10k-images-idx3-ubyte.gz"), read_idx("t10k-labels-idx1-ubyte.gz"), 0, out, rng, test_per_class)


if __name__ == "__main__":
    main()
