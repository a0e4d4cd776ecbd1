"""Render the icon sources in resources/icons/ into the icons the package ships.

    python tools/build_icons.py                      # rebuild fmc_desktop/resources/icons/
    python tools/build_icons.py --sheet /tmp/s.png   # and draw a contact sheet to look at

The SVG files under resources/icons/ are the sources; everything under
fmc_desktop/resources/icons/ is generated from them (run this again after editing one, and commit
both):

- app/fmc-desktop-N.png for every size in `APP_ICON_SIZES`, app/fmc-desktop.svg (the hicolor
  "scalable" icon), app/fmc-desktop.ico (Windows) and app/fmc-desktop.icns (macOS);
- tray/STATE-N.png for every tray state and size in `TRAY_ICON_SIZES`;
- window/NAME.svg, copied: Qt's SVG icon engine draws them sharp at any scale.

Small sizes come from sources drawn on their own pixel grid (16 px and 24 px), so edges and
strokes land on whole pixels instead of being a blur scaled down from 512. Output is
deterministic: the same sources and Qt give the same bytes, so a rebuild shows no diff.
"""

from __future__ import annotations

import argparse
import os
import shutil
import struct
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run as a script from anywhere: the package lives beside tools/
    sys.path.insert(0, str(REPO))

# Rendering needs no display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt  # noqa: E402
from PySide6.QtGui import (  # noqa: E402
    QColor,
    QGuiApplication,
    QImage,
    QImageWriter,
    QPainter,
)
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

from fmc_desktop.ui.shell.icons import (  # noqa: E402
    APP_ICON_NAME,
    APP_ICON_SIZES,
    ICON_NAMES,
    TRAY_ICON_SIZES,
    TRAY_STATES,
)

SOURCES = REPO / "resources" / "icons"
OUTPUT = REPO / "fmc_desktop" / "resources" / "icons"

# Windows picks from these for the taskbar, Explorer views and the title bar at 100-250 % scaling.
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 256)
# The PNG-carrying types of Apple's icon format, and the pixel size each holds (`@2x` ones hold
# twice their point size). 16 and 32 px themselves are left out on purpose: their PNG types are not
# read by every macOS release, and Finder scales down from ic11/ic12 cleanly.
ICNS_TYPES = (
    (b"ic11", 32),
    (b"ic12", 64),
    (b"ic07", 128),
    (b"ic13", 256),
    (b"ic08", 256),
    (b"ic14", 512),
    (b"ic09", 512),
    (b"ic10", 1024),
)
# 96 dpi, written explicitly: Qt would otherwise take the screen's, making the bytes vary.
_DOTS_PER_METER = 3780


def app_source(size: int) -> Path:
    """At tray sizes the app icon is the idle tray icon: the history arc would be a smudge there."""
    if size <= 24:
        return tray_source("idle", size)
    return SOURCES / "app" / f"{APP_ICON_NAME}.svg"


def tray_source(state: str, size: int) -> Path:
    """The 16 px drawing for 16 and 32 px (whole multiples of its grid), the 24 px one otherwise."""
    if size in (16, 32):
        return SOURCES / "tray" / f"{state}-16.svg"
    return SOURCES / "tray" / f"{state}.svg"


def render(source: Path, size: int) -> QImage:
    renderer = QSvgRenderer(str(source))
    if not renderer.isValid():
        raise SystemExit(f"{source} is not an SVG that Qt can draw")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    image.setDotsPerMeterX(_DOTS_PER_METER)
    image.setDotsPerMeterY(_DOTS_PER_METER)
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QImageWriter(buffer, QByteArray(b"png"))
    if not writer.write(image):
        raise SystemExit(f"Qt could not write a PNG: {writer.errorString()}")
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: Sequence[tuple[int, bytes]]) -> bytes:
    """A Windows icon file holding PNG images (read by Windows Vista and later).

    The layout: a 6-byte header (0, type 1 = icon, count), one 16-byte entry per image (width and
    height as a byte, 0 meaning 256; colours; reserved; planes; bits per pixel; data size; data
    offset), then the images.
    """
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(header) + 16 * len(pngs)
    entries = b""
    for size, data in pngs:
        side = 0 if size >= 256 else size
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    return header + entries + b"".join(data for _, data in pngs)


def icns_bytes(chunks: Sequence[tuple[bytes, bytes]]) -> bytes:
    """An Apple icon file: 'icns' and the file's length, then (type, length, data) per image.

    Lengths are big-endian and count their own 8-byte headers.
    """
    body = b"".join(kind + struct.pack(">I", 8 + len(data)) + data for kind, data in chunks)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def generate() -> dict[str, bytes]:
    """Every generated icon, by its path under the icons folder."""
    files: dict[str, bytes] = {}
    app_pngs = {size: png_bytes(render(app_source(size), size)) for size in APP_ICON_SIZES}
    for size, data in app_pngs.items():
        files[f"app/{APP_ICON_NAME}-{size}.png"] = data
    files[f"app/{APP_ICON_NAME}.svg"] = app_source(512).read_bytes()

    def app_png(size: int) -> bytes:
        return app_pngs.get(size) or png_bytes(render(app_source(size), size))

    files[f"app/{APP_ICON_NAME}.ico"] = ico_bytes([(size, app_png(size)) for size in ICO_SIZES])
    files[f"app/{APP_ICON_NAME}.icns"] = icns_bytes(
        [(kind, app_png(size)) for kind, size in ICNS_TYPES]
    )
    for state in TRAY_STATES:
        for size in TRAY_ICON_SIZES:
            files[f"tray/{state}-{size}.png"] = png_bytes(render(tray_source(state, size), size))
    for name in ICON_NAMES:
        files[f"window/{name}.svg"] = (SOURCES / "window" / f"{name}.svg").read_bytes()
    return files


def build(output: Path = OUTPUT) -> list[Path]:
    """Write every generated icon under `output`, replacing the old ones; return the files."""
    files = generate()  # all of it first: a failure leaves the old icons in place
    for folder in ("app", "tray", "window"):  # only ours: never wipe a mistyped --output
        shutil.rmtree(output / folder, ignore_errors=True)
    written = []
    for relative, data in files.items():
        path = output / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    return written


def contact_sheet(icons: Path, target: Path) -> None:
    """Every generated icon at its sizes, on a light and a dark panel side by side."""
    rows: list[tuple[str, list[QImage]]] = []
    rows.append(
        ("app", [QImage(str(icons / "app" / f"{APP_ICON_NAME}-{s}.png")) for s in APP_ICON_SIZES])
    )
    for state in TRAY_STATES:
        images = [QImage(str(icons / "tray" / f"{state}-{s}.png")) for s in TRAY_ICON_SIZES]
        rows.append((f"tray {state}", images))
    for name in ICON_NAMES:
        rows.append((name, [render(icons / "window" / f"{name}.svg", s) for s in (16, 24, 32, 48)]))

    pad, label_width, big = 8, 110, 128
    panel_width = pad + max(sum(min(i.width(), big) + pad for i in images) for _, images in rows)
    heights = [min(max(i.height() for i in images), big) + pad for _, images in rows]
    sheet = QImage(label_width + 2 * panel_width, pad + sum(heights), QImage.Format.Format_ARGB32)
    sheet.fill(QColor("#ffffff"))
    painter = QPainter(sheet)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    for panel, colour in enumerate(("#f3f4f6", "#2b2d31")):
        painter.fillRect(label_width + panel * panel_width, 0, panel_width, sheet.height(), colour)
    y = pad
    for (label, images), height in zip(rows, heights, strict=True):
        painter.setPen(QColor("#333333"))
        painter.drawText(QRectF(4, y, label_width - 8, height), Qt.AlignmentFlag.AlignLeft, label)
        for panel in range(2):
            x = label_width + panel * panel_width + pad
            for image in images:
                side = min(image.width(), big)
                # Larger sizes are shown scaled down, so the sheet stays one screen wide.
                painter.drawImage(QRectF(x, y + height - pad - side, side, side), image)
                x += side + pad
        y += height
    painter.end()
    sheet.save(str(target))


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--output", type=Path, default=OUTPUT, help="default: %(default)s")
    parser.add_argument("--sheet", type=Path, help="also draw a contact sheet PNG here")
    args = parser.parse_args(None if argv is None else list(argv))
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    written = build(args.output)
    sys.stdout.write(f"wrote {len(written)} files under {args.output}\n")
    if args.sheet:
        contact_sheet(args.output, args.sheet)
        sys.stdout.write(f"contact sheet: {args.sheet}\n")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
