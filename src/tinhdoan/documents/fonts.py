"""The serif font used for PDF output, and to measure text for the layout of tables.

Liberation Serif 2 (SIL Open Font License 1.1), from Debian's ``fonts-liberation2`` package
that ``make setup`` installs, has the metrics of Times New Roman, the font of the DOCX: a
line, a table cell or a page breaks in the PDF where it breaks in Word.  Its faces are
static TrueType files, so the first PDF needs nothing cut or prepared.

When it is missing (a machine where the Debian package could not be installed), Noto Serif
from the ``fontpkg-noto-serif`` package on PyPI is used: its files are variable fonts, whose
regular, bold, italic and bold italic faces are cut once and kept under ``DATA_DIR/fonts``
(``tinhdoan prepare-fonts`` does it ahead of the first request).  DejaVu Serif is the last
resort.  Liberation Serif 1 (Debian's ``fonts-liberation``) lacks Vietnamese letters and is
passed over by the check of every character.
"""

import functools
import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _
from fontTools.ttLib import TTFont
from fontTools.varLib import instancer

from .model import DocumentError

try:
    import fontpkg_noto_serif
except ImportError:  # the package is missing: the system fonts below are used
    fontpkg_noto_serif = None

STYLES = ("", "B", "I", "BI")


class FontUnavailable(DocumentError):
    """No installed font can draw the document."""


@dataclass(frozen=True)
class FontSet:
    name: str
    faces: dict[str, Path]  # style ("", "B", "I", "BI") -> a static TrueType file


def _noto_serif() -> FontSet | None:
    if fontpkg_noto_serif is None:
        return None
    files = Path(fontpkg_noto_serif.ROOT) / "files"
    upright, italic = files / "NotoSerif[wdth,wght].ttf", files / "NotoSerif-Italic[wdth,wght].ttf"
    if not (upright.is_file() and italic.is_file()):
        return None
    weights = {"": (upright, 400), "B": (upright, 700), "I": (italic, 400), "BI": (italic, 700)}
    try:
        faces = {style: _static_instance(path, weight) for style, (path, weight) in weights.items()}
    except (OSError, KeyError, ValueError):  # unreadable or unexpected font file: use the next font
        return None
    return FontSet("Noto Serif", faces)


def _system_font(name: str, folders: tuple[str, ...], files: dict[str, str]) -> FontSet | None:
    for folder in folders:
        faces = {style: Path(folder) / file for style, file in files.items()}
        if all(path.is_file() for path in faces.values()):
            return FontSet(name, faces)
    return None


LIBERATION_FOLDERS = ("/usr/share/fonts/truetype/liberation2",)


def _liberation_serif() -> FontSet | None:
    return _system_font(
        "Liberation Serif",
        LIBERATION_FOLDERS,
        {
            "": "LiberationSerif-Regular.ttf",
            "B": "LiberationSerif-Bold.ttf",
            "I": "LiberationSerif-Italic.ttf",
            "BI": "LiberationSerif-BoldItalic.ttf",
        },
    )


def _dejavu_serif() -> FontSet | None:
    return _system_font(
        "DejaVu Serif",
        ("/usr/share/fonts/truetype/dejavu",),
        {
            "": "DejaVuSerif.ttf",
            "B": "DejaVuSerif-Bold.ttf",
            "I": "DejaVuSerif-Italic.ttf",
            "BI": "DejaVuSerif-BoldItalic.ttf",
        },
    )


CANDIDATES = (_liberation_serif, _noto_serif, _dejavu_serif)


def _cache_folders() -> list[Path]:
    return [Path(settings.DATA_DIR) / "fonts", Path(tempfile.gettempdir()) / "tinhdoan-fonts"]


def _static_instance(variable_font: Path, weight: int) -> Path:
    """A static face cut from a variable font, cached on disk (cutting takes seconds)."""
    stat = variable_font.stat()
    key = hashlib.sha1(f"{variable_font}|{stat.st_size}|{stat.st_mtime_ns}".encode()).hexdigest()
    name = f"{variable_font.stem}-{weight}-{key[:12]}.ttf"
    folders = _cache_folders()
    for folder in folders:
        if (folder / name).is_file():
            return folder / name
    font = TTFont(variable_font)
    axes = {axis.axisTag: axis.defaultValue for axis in font["fvar"].axes}
    axes.update({"wght": weight, "wdth": 100} if "wdth" in axes else {"wght": weight})
    static = instancer.instantiateVariableFont(font, axes, updateFontNames=False)
    # Kept in every writable folder: the machine-wide one spares another data directory
    # on the same machine (a second instance, a test run) the same wait.
    saved = []
    for folder in folders:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=folder, suffix=".ttf")
        except OSError:  # a read-only data directory: try the next folder
            continue
        os.close(handle)
        try:
            static.save(temporary)
            os.replace(temporary, folder / name)
            saved.append(folder / name)
        except OSError:  # a full disk: the font is still usable from another folder
            continue
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
    if not saved:
        raise OSError(f"no writable folder for the font cache: {folders}")
    return saved[0]


@functools.cache
def _characters(path: Path) -> frozenset[int]:
    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap())


def _missing(font_set: FontSet, text: str) -> set[str]:
    needed = {char for char in text if not char.isspace()}
    missing: set[str] = set()
    for path in font_set.faces.values():
        covered = _characters(path)
        missing |= {char for char in needed if ord(char) not in covered}
    return missing


@functools.cache
def _candidate(find) -> FontSet | None:
    return find()


def _available():
    """The installed font sets in order of preference, each looked for (or cut) only when
    the ones before it lack a character."""
    for find in CANDIDATES:
        if (font_set := _candidate(find)) is not None:
            yield font_set


def installed_fonts() -> list[FontSet]:
    """Every installed font set, the fallbacks cut now (`tinhdoan prepare-fonts`)."""
    return list(_available())


def primary_font() -> FontSet:
    """The font set used when every character is covered: the one tables are measured in."""
    for font_set in _available():
        return font_set
    raise FontUnavailable(_no_font_message())


def _no_font_message() -> str:
    return _(
        "No font for Vietnamese text is installed: install the fonts-liberation2 package "
        "(Debian) or the fontpkg-noto-serif package (pip)."
    )


def font_for(text: str) -> FontSet:
    """The first installed font set that has a glyph for every character of ``text``."""
    available = []
    for font_set in _available():
        if not _missing(font_set, text):
            return font_set
        available.append(font_set)
    if not available:
        raise FontUnavailable(_no_font_message())
    missing: set[str] = set()
    for font_set in available:
        lacking = _missing(font_set, text)
        missing = lacking if not missing else missing & lacking
    shown = " ".join(f"{char} (U+{ord(char):04X})" for char in sorted(missing)[:10])
    raise FontUnavailable(
        _("No installed font can draw these characters: %(characters)s.") % {"characters": shown}
    )
