#!/bin/sh
# System packages CSD Desktop needs on Debian/Ubuntu: python3-venv (Debian's python3 refuses a plain
# pip install, PEP 668, so the README installs into .venv), Qt's runtime libraries (also for a real
# window under X11), the Arabic fonts' fontconfig, and for the tests poppler (pdftotext, pdftoppm) and
# zbar (reads receipt QR codes back). Installs only what is missing; needs root (or sudo).
set -e
PKGS="python3-venv libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libglib2.0-0
libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-randr0
libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 poppler-utils zbar-tools"
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
