"""Read back what a QR code drawn as SVG holds, without a QR library: the test of the enrolment
page decodes the code it shows the way a phone's camera app does once it has the modules
(ISO/IEC 18004: format bits, mask, zigzag placement, blocks, segments). Enough for codes
without damage: the error-correction codewords are skipped, not used to repair.
"""

import re

# Per error-correction level (L, M, Q, H), for versions 1–40: error-correction codewords per
# block and number of blocks (ISO/IEC 18004, table 9).
ECC_CODEWORDS_PER_BLOCK = {
    "L": [7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28]
    + [28, 28, 30, 30, 26, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
    "M": [10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26]
    + [26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28],
    "Q": [13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30]
    + [28, 30, 30, 30, 30, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
    "H": [17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28]
    + [30, 24, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
}
NUM_BLOCKS = {
    "L": [1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8]
    + [8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16, 17, 18, 19, 19, 20, 21, 22, 24, 25],
    "M": [1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16]
    + [17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49],
    "Q": [1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20]
    + [23, 23, 25, 27, 29, 34, 34, 35, 38, 40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68],
    "H": [1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25]
    + [25, 34, 30, 32, 35, 37, 40, 42, 45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81],
}
# The two bits of each level in the format information.
LEVEL_BITS = {"L": 1, "M": 0, "Q": 3, "H": 2}
ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"

MASKS = [
    lambda row, col: (row + col) % 2 == 0,
    lambda row, col: row % 2 == 0,
    lambda row, col: col % 3 == 0,
    lambda row, col: (row + col) % 3 == 0,
    lambda row, col: (row // 2 + col // 3) % 2 == 0,
    lambda row, col: (row * col) % 2 + (row * col) % 3 == 0,
    lambda row, col: ((row * col) % 2 + (row * col) % 3) % 2 == 0,
    lambda row, col: ((row + col) % 2 + (row * col) % 3) % 2 == 0,
]


class QRDecodeError(ValueError):
    pass


# --- from SVG to modules ---------------------------------------------------------------------


def svg_modules(svg: str) -> list[list[bool]]:
    """The dark (True) and light modules of the QR code drawn by an SVG path of horizontal
    runs (what segno writes): each `h` draws dark modules along the row the pen is on."""
    paths = re.findall(r"<path\b[^>]*\bstroke=\"[^\"]+\"[^>]*\bd=\"([^\"]+)\"", svg)
    if len(paths) != 1:
        raise QRDecodeError(f"expected one stroked path, found {len(paths)}")
    scale = re.search(r"scale\(([\d.]+)\)", svg)
    width = re.search(r"<svg\b[^>]*\bwidth=\"([\d.]+)\"", svg)
    if not width:
        raise QRDecodeError("no width")
    factor = float(scale.group(1)) if scale else 1.0
    extent = round(float(width.group(1)) / factor)  # modules, border included
    dark: set[tuple[int, int]] = set()
    x = y = 0.0
    for command, args in re.findall(r"([MmHhVvLlZz])([^MmHhVvLlZz]*)", paths[0]):
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", args)]
        if command == "M":
            x, y = numbers
        elif command == "m":
            x, y = x + numbers[0], y + numbers[1]
        elif command in "hH":
            end = x + numbers[0] if command == "h" else numbers[0]
            for column in range(round(min(x, end)), round(max(x, end))):
                dark.add((int(y), column))
            x = end
        else:
            raise QRDecodeError(f"unexpected path command {command}")
    rows = [r for r, _c in dark]
    cols = [c for _r, c in dark]
    border = min(min(rows), min(cols))  # the finder patterns touch the quiet zone
    size = extent - 2 * border
    if size < 21 or (size - 17) % 4:
        raise QRDecodeError(f"not a QR code size: {size}")
    return [[(r + border, c + border) in dark for c in range(size)] for r in range(size)]


# --- from modules to bytes -------------------------------------------------------------------


def _format_bits(level: str, mask: int) -> int:
    data = LEVEL_BITS[level] << 3 | mask
    remainder = data
    for _ in range(10):
        remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537)
    return (data << 10 | remainder) ^ 0x5412


def _read_format(modules) -> tuple[str, int]:
    """The error-correction level and mask, from the copy of the format bits beside the
    top-left finder pattern."""
    cells = [(row, 8) for row in range(6)] + [(7, 8), (8, 8), (8, 7)]
    cells += [(8, column) for column in range(5, -1, -1)]
    read = sum(1 << i for i, (row, col) in enumerate(cells) if modules[row][col])
    for level in LEVEL_BITS:
        for mask in range(8):
            if _format_bits(level, mask) == read:
                return level, mask
    raise QRDecodeError("format bits match no level and mask")


def _alignment_positions(version: int) -> list[int]:
    if version == 1:
        return []
    count = version // 7 + 2
    size = version * 4 + 17
    step = 26 if version == 32 else (version * 4 + count * 2 + 1) // (count * 2 - 2) * 2
    return [6] + [size - 7 - i * step for i in range(count - 2, -1, -1)]


def _function_modules(version: int) -> list[list[bool]]:
    """Finder patterns with their separators and format bits, timing lines, alignment
    patterns, version bits: every module that is not data."""
    size = version * 4 + 17
    function = [[False] * size for _ in range(size)]

    def mark(top, left, height, width):
        for row in range(max(top, 0), min(top + height, size)):
            for col in range(max(left, 0), min(left + width, size)):
                function[row][col] = True

    mark(0, 0, 9, 9)
    mark(0, size - 8, 9, 8)
    mark(size - 8, 0, 8, 9)
    mark(6, 0, 1, size)
    mark(0, 6, size, 1)
    positions = _alignment_positions(version)
    last = len(positions) - 1
    for i, row in enumerate(positions):
        for j, col in enumerate(positions):
            if (i, j) not in {(0, 0), (0, last), (last, 0)}:
                mark(row - 2, col - 2, 5, 5)
    if version >= 7:
        mark(0, size - 11, 6, 3)
        mark(size - 11, 0, 3, 6)
    return function


def _codewords(modules, version: int, mask: int) -> list[int]:
    size = len(modules)
    function = _function_modules(version)
    bits = []
    right = size - 1
    while right >= 1:
        if right == 6:
            right = 5
        upward = ((right + 1) & 2) == 0
        for vertical in range(size):
            row = size - 1 - vertical if upward else vertical
            for col in (right, right - 1):
                if not function[row][col]:
                    bits.append(modules[row][col] ^ MASKS[mask](row, col))
        right -= 2
    return [
        int("".join("1" if b else "0" for b in bits[i : i + 8]), 2)
        for i in range(0, len(bits) - 7, 8)
    ]


def _data_codewords(codewords: list[int], version: int, level: str) -> list[int]:
    """Undo the interleaving of the blocks; keep their data codewords, in order."""
    blocks = NUM_BLOCKS[level][version - 1]
    ecc = ECC_CODEWORDS_PER_BLOCK[level][version - 1]
    short_blocks = blocks - len(codewords) % blocks
    short_length = len(codewords) // blocks  # data and error correction of a short block
    lengths = [short_length + (0 if b < short_blocks else 1) for b in range(blocks)]
    contents: list[list[int]] = [[] for _ in range(blocks)]
    stream = iter(codewords)
    for index in range(short_length + 1):
        for b in range(blocks):
            if index == short_length - ecc and b < short_blocks:
                continue  # short blocks have one data codeword fewer
            contents[b].append(next(stream))
    return [word for b in range(blocks) for word in contents[b][: lengths[b] - ecc]]


class _Bits:
    def __init__(self, data: list[int]):
        self.bits = "".join(f"{byte:08b}" for byte in data)
        self.at = 0

    def take(self, count: int) -> int:
        if self.at + count > len(self.bits):
            raise QRDecodeError("data ends inside a segment")
        value = int(self.bits[self.at : self.at + count], 2)
        self.at += count
        return value

    def left(self) -> int:
        return len(self.bits) - self.at


def _segments(data: list[int], version: int) -> bytes:
    bits = _Bits(data)
    size_class = 0 if version <= 9 else 1 if version <= 26 else 2
    out = bytearray()
    while bits.left() >= 4:
        mode = bits.take(4)
        if mode == 0:  # terminator
            break
        if mode == 0b0100:  # bytes
            count = bits.take((8, 16, 16)[size_class])
            out += bytes(bits.take(8) for _ in range(count))
        elif mode == 0b0010:  # alphanumeric
            count = bits.take((9, 11, 13)[size_class])
            for _ in range(count // 2):
                pair = bits.take(11)
                out += (ALPHANUMERIC[pair // 45] + ALPHANUMERIC[pair % 45]).encode()
            if count % 2:
                out += ALPHANUMERIC[bits.take(6)].encode()
        elif mode == 0b0001:  # numeric
            count = bits.take((10, 12, 14)[size_class])
            while count >= 3:
                out += f"{bits.take(10):03d}".encode()
                count -= 3
            if count == 2:
                out += f"{bits.take(7):02d}".encode()
            elif count == 1:
                out += f"{bits.take(4):01d}".encode()
        else:
            raise QRDecodeError(f"unsupported mode {mode:04b}")
    return bytes(out)


def decode_modules(modules: list[list[bool]]) -> str:
    size = len(modules)
    version = (size - 17) // 4
    level, mask = _read_format(modules)
    codewords = _codewords(modules, version, mask)
    return _segments(_data_codewords(codewords, version, level), version).decode("utf-8")


def decode_svg(svg: str) -> str:
    """The text a QR code drawn as SVG holds."""
    return decode_modules(svg_modules(svg))
