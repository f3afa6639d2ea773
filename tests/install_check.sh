#!/usr/bin/env bash
# Installs the build into a scratch root as the .deb would (prefix /usr), validates the desktop
# file and the AppStream metainfo as a distribution would, checks that the one app id names
# everything, and runs the installed app in processes mode, where it must find its worker in
# libexec by itself.
#   install_check.sh BUILD_DIR VERSION APP_ID
set -euo pipefail
build=$1 version=$2 id=$3
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

DESTDIR=$root cmake --install "$build" --prefix /usr >/dev/null
usr=$root/usr

for f in bin/interleave libexec/interleave/interleave-worker \
         share/applications/$id.desktop share/metainfo/$id.metainfo.xml \
         share/icons/hicolor/scalable/apps/$id.svg share/man/man1/interleave.1.gz \
         share/doc/interleave/copyright share/doc/interleave/NEWS.gz; do
  [ -f "$usr/$f" ] || fail "not installed: /usr/$f"
done
for size in 16 24 32 48 64 128 256 512; do
  png=$usr/share/icons/hicolor/${size}x${size}/apps/$id.png
  [ -f "$png" ] || fail "no ${size}x${size} icon"
  # Bytes 16-23 of a PNG are its width and height, big-endian.
  dims=$(od -An -tu1 -j16 -N8 "$png" | tr -s ' ')
  [ "$dims" = " 0 0 $((size / 256)) $((size % 256)) 0 0 $((size / 256)) $((size % 256))" ] ||
    fail "$png is not ${size}x${size} (header:$dims)"
done
[ -x "$usr/bin/interleave" ] && [ -x "$usr/libexec/interleave/interleave-worker" ] ||
  fail "the programs are not executable"

# The validators: any error or warning fails (hints included, for desktop-file-validate).
desktop=$usr/share/applications/$id.desktop
metainfo=$usr/share/metainfo/$id.metainfo.xml
out=$(desktop-file-validate "$desktop" 2>&1) || fail "desktop-file-validate: $out"
[ -z "$out" ] || fail "desktop-file-validate: $out"
appstreamcli validate --no-net "$metainfo" || fail "appstreamcli validate"
appstreamcli validate-tree --no-net "$usr" >/dev/null || fail "appstreamcli validate-tree"

# One id everywhere: file names (above), <id>, <launchable>, the icon names.
grep -q "<id>$id</id>" "$metainfo" || fail "metainfo <id> is not $id"
grep -q "<launchable type=\"desktop-id\">$id.desktop</launchable>" "$metainfo" ||
  fail "metainfo <launchable> is not $id.desktop"
grep -qx "Icon=$id" "$desktop" || fail "desktop Icon= is not $id"
grep -q '<screenshot type="default">' "$metainfo" || fail "metainfo has no default screenshot"
# The newest release entry comes first and must be this version.
first_release=$(grep -o '<release version="[^"]*"' "$metainfo" | head -1)
[ "$first_release" = "<release version=\"$version\"" ] ||
  fail "newest metainfo release is '$first_release', the project is $version"

# The installed app: its version, and processes mode with the worker found in libexec (not
# through INTERLEAVE_WORKER or PATH).
"$usr/bin/interleave" --version | head -1 | grep -qx "interleave $version" ||
  fail "installed interleave --version is not $version"
cd "$root"
out=$(env -u INTERLEAVE_WORKER PATH=/usr/bin:/bin \
      "$usr/bin/interleave" run --workload square-cube --mode processes --workers 2 2>&1) ||
  fail "installed processes run failed: $out"
grep -q "Cube:  729" <<<"$out" || fail "installed processes run printed: $out"
# Without the libexec worker, a worker on PATH must not be used: a clear error instead.
mkdir "$root/path"
mv "$usr/libexec/interleave/interleave-worker" "$root/path/"
if out=$(env -u INTERLEAVE_WORKER PATH="$root/path:/usr/bin:/bin" \
         "$usr/bin/interleave" run --workload square-cube --mode processes --workers 2 2>&1); then
  fail "ran processes mode with the worker only on PATH: $out"
fi
grep -q "needs interleave-worker" <<<"$out" || fail "missing worker gave: $out"
echo "install check: ok ($usr)"
