#!/usr/bin/env bash
# Builds the Debian package from a build folder (`cpack -G DEB`), checks its contents and
# dependencies, runs lintian, desktop-file-validate and appstreamcli on it, then unpacks it into
# a folder (dpkg -x: no root, no chroot) and runs what it installed: `ect info` and `ect sample`
# on the installed models, and `ect-studio --about` in German, which must name the installed
# models folder and the bundled languages.
#
#   packaging/check-deb.sh [BUILD_DIR] [KEEP_DIR]    (default build; KEEP_DIR keeps the .deb)
#
# Lintian tags that remain are explained one per line in packaging/debian/lintian-explained.txt;
# an unexplained warning or error fails the check. ctest runs it as `package_deb`.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-build}" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "check-deb: $*" >&2; exit 1; }
for tool in cpack dpkg-deb dpkg-shlibdeps lintian desktop-file-validate appstreamcli; do
  command -v "$tool" >/dev/null || fail "$tool is not installed (packaging/install-deps.sh installs it)"
done

(cd "$build" && cpack -G DEB -B "$work/pkg" >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log" >&2; fail "cpack failed"; }
deb=$(ls "$work"/pkg/*.deb)
echo "package: $(basename "$deb"), $(du -k "$deb" | cut -f1) KiB"
[ -n "${2:-}" ] && cp "$deb" "$2/"

# Contents and dependencies.
dpkg-deb -c "$deb" | awk '{print $NF}' | sed 's|^\./|/|' >"$work/files"
for f in /usr/bin/ect /usr/bin/ect-studio /usr/share/applications/studio.ect.ECTStudio.desktop \
         /usr/share/metainfo/studio.ect.ECTStudio.metainfo.xml /usr/share/doc/ect-studio/copyright \
         /usr/share/doc/ect-studio/changelog.gz /usr/share/man/man1/ect.1.gz /usr/share/man/man1/ect-studio.1.gz; do
  grep -qx "$f" "$work/files" || fail "the package lacks $f"
done
for model in fmnist-edm fmnist-ect fmnist-classifier; do
  grep -qx "/usr/share/ect-studio/models/$model.safetensors" "$work/files" || fail "the package lacks the bundled $model"
done
for size in 16 24 32 48 64 128 256; do
  grep -qx "/usr/share/icons/hicolor/${size}x${size}/apps/ect-studio.png" "$work/files" || fail "no ${size}px icon"
done
depends=$(dpkg-deb -f "$deb" Depends)
echo "depends: $depends"
for lib in libtorch libqt6widgets6 libqt6charts6 libopenimageio qt6-qpa-plugins; do
  grep -q "$lib" <<<"$depends" || fail "Depends lacks $lib (dpkg-shlibdeps)"
done

# Validators.
dpkg -x "$deb" "$work/root"
desktop-file-validate "$work/root/usr/share/applications/studio.ect.ECTStudio.desktop" || fail "desktop-file-validate"
appstreamcli validate --no-net "$work/root/usr/share/metainfo/studio.ect.ECTStudio.metainfo.xml" || fail "appstreamcli validate"
lintian --no-cfg --tag-display-limit 0 "$deb" >"$work/lintian" 2>&1 || true
explained="$here/debian/lintian-explained.txt"
unexplained=0
while read -r kind _ tag _; do
  case "$kind" in E:|W:) ;; *) continue ;; esac
  if ! grep -q "^${tag} " "$explained"; then
    echo "lintian, not explained: $kind $tag" >&2
    unexplained=1
  fi
done <"$work/lintian"
[ "$unexplained" = 0 ] || { cat "$work/lintian" >&2; fail "lintian tags without an explanation"; }
echo "lintian: $(grep -c '^[EW]:' "$work/lintian" || true) warnings/errors, each explained in debian/lintian-explained.txt"

# The installed programs, from the unpacked tree: they find the installed models.
root="$work/root"
"$root/usr/bin/ect" info "$root/usr/share/ect-studio/models/fmnist-ect.safetensors" >"$work/info"
grep -q "SongUNet 28x28x1" "$work/info" || { cat "$work/info" >&2; fail "installed ect info"; }
"$root/usr/bin/ect" sample --count 4 --threads 2 --out "$work/grid.png" >"$work/sample" 2>&1 || { cat "$work/sample" >&2; fail "installed ect sample"; }
[ -s "$work/grid.png" ] || fail "installed ect sample wrote no grid"
QT_QPA_PLATFORM=offscreen HOME="$work/home" "$root/usr/bin/ect-studio" --about --language de >"$work/about" 2>&1 ||
  { cat "$work/about" >&2; fail "installed ect-studio --about"; }
grep -q "Mitgelieferte Modelle: $root/usr/share/ect-studio/models" "$work/about" ||
  { cat "$work/about" >&2; fail "the installed studio does not find its models (or its German translation)"; }
grep -q "Sprachen: English, Deutsch, français" "$work/about" || { cat "$work/about" >&2; fail "the studio's languages"; }
echo "installed ect and ect-studio run from the package's paths: ok"
