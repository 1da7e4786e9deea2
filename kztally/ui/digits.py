"""Digits from the keyboard whatever the layout.

The Kazakh layout puts Ә І Ң Ғ Ү Ұ Қ Ө on the number row, so Qt's key code and text are
letters there. The physical key is known from the native scan code (X11, Wayland,
Windows) or virtual key (macOS); the keypad is known from Qt's KeypadModifier. Where no
native code comes (offscreen, remote desktops), Qt's digit keys and the Kazakh letters of
the number row are mapped by text.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent

_ROW = "1234567890"

# X11 and Wayland key codes (evdev + 8): number row 1..0 and the keypad.
_XKB_ROW = {10 + i: d for i, d in enumerate(_ROW)}
_XKB_KEYPAD = {
    79: "7",
    80: "8",
    81: "9",
    83: "4",
    84: "5",
    85: "6",
    87: "1",
    88: "2",
    89: "3",
    90: "0",
}
# Windows set-1 scan codes.
_WIN_ROW = {2 + i: d for i, d in enumerate(_ROW)}
_WIN_KEYPAD = {
    0x47: "7", 0x48: "8", 0x49: "9", 0x4B: "4", 0x4C: "5", 0x4D: "6",
    0x4F: "1", 0x50: "2", 0x51: "3", 0x52: "0",
}  # fmt: skip
# macOS virtual key codes (kVK_ANSI_*).
_MAC_ROW = {
    0x12: "1", 0x13: "2", 0x14: "3", 0x15: "4", 0x17: "5",
    0x16: "6", 0x1A: "7", 0x1C: "8", 0x19: "9", 0x1D: "0",
}  # fmt: skip
_MAC_KEYPAD = {
    0x52: "0", 0x53: "1", 0x54: "2", 0x55: "3", 0x56: "4",
    0x57: "5", 0x58: "6", 0x59: "7", 0x5B: "8", 0x5C: "9",
}  # fmt: skip
# What the Kazakh layouts (Windows KBDKAZ, xkb "kz") type on the number row, unshifted.
KAZAKH_ROW = {"ә": "2", "і": "3", "ң": "4", "ғ": "5", "ү": "8", "ұ": "9", "қ": "0"}

_QT_DIGITS = {int(getattr(Qt.Key, f"Key_{d}").value): d for d in _ROW}


def digit_for(event: QKeyEvent, platform: str | None = None) -> str | None:
    """The digit a key press means in a figures field, or None when it is no digit."""
    mods = event.modifiers()
    if mods & (
        Qt.KeyboardModifier.ControlModifier
        | Qt.KeyboardModifier.AltModifier
        | Qt.KeyboardModifier.MetaModifier
    ):
        return None
    keypad = bool(mods & Qt.KeyboardModifier.KeypadModifier)
    name = QGuiApplication.platformName() if platform is None else platform
    scan = event.nativeScanCode()
    if name in ("xcb", "wayland") and scan:
        found = (_XKB_KEYPAD if keypad else _XKB_ROW).get(scan)
        if found is not None:
            return found
    elif name == "windows" and scan:
        found = (_WIN_KEYPAD if keypad else _WIN_ROW).get(scan)
        if found is not None:
            return found
    elif name == "cocoa" and event.nativeVirtualKey():
        found = (_MAC_KEYPAD if keypad else _MAC_ROW).get(event.nativeVirtualKey())
        if found is not None:
            return found
    key = event.key()
    if key in _QT_DIGITS:
        return _QT_DIGITS[key]
    text = event.text()
    if len(text) == 1:
        if text.isascii() and text.isdigit():
            return text
        return KAZAKH_ROW.get(text.lower())
    return None
