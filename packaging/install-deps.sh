#!/usr/bin/env bash
# Installs the Debian 12 packages ECT Studio needs to build, test and run, and any given as
# arguments (packaging/fuzz.sh asks for clang's). Safe to re-run: it only calls apt-get when
# something is missing.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config git
  libtorch-dev                       # LibTorch 1.13 (CPU)
  libgloo-dev                        # the Gloo headers LibTorch's c10d needs (multi-process training)
  python3-torch                      # torchrun, the launcher the multi-process test starts `ect` with
  nlohmann-json3-dev                 # JSON headers of model files
  zlib1g-dev                         # gzip IDX files
  libopenimageio-dev                 # PNG/JPEG/TIFF/EXR output
  qt6-base-dev qt6-charts-dev libqt6opengl6-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools linguist-qt6
  libgl-dev
  xvfb xauth                         # the studio's screenshot test
  dpkg-dev file lintian desktop-file-utils appstream help2man   # the Debian package and its checks
  dataset-fashion-mnist              # the built-in dataset
  "$@"
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: run as root (missing: ${missing[*]})" >&2; exit 1; }
  SUDO=sudo
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
