#!/usr/bin/env bash
# Checks the Debian package end to end, on Debian (12 or newer) as root, for a maintainer
# before a release (CI does not run it):
#
#   1. builds the package with cargo-deb from the `dist` profile, and a "previous version"
#      package (see below);
#   2. installs the previous version with apt, and as a user (a fresh HOME) creates the
#      default knowledge base and adds an entity to it from the command line;
#   3. upgrades to the new package with apt: the user's file is untouched and still
#      answers;
#   4. starts the installed binary under Xvfb (a virtual X display), waits for its window
#      and takes a screenshot;
#   5. removes, then purges the package: the binary is gone, the user's file is untouched;
#   6. installs it again: the file still answers, with the entity added in step 2.
#
# Usage: scripts/deb-check.sh [OUT_DIR]       (default: docs/, which keeps deb-check.txt
#        and deb-check.png; the log of every step goes to OUT_DIR/deb-check.txt)
#
# The previous version: set LIENKET_PREVIOUS_DEB to a .deb of an earlier release to upgrade
# from it. Without it the script repackages the same build under a lower version
# (`cargo deb --no-build --deb-version 0.0.0~previous-1`), which checks apt's upgrade path
# and that an upgrade keeps the user's data, but not a schema migration (the upgrade test
# of `tests/core/upgrades.rs` covers every earlier schema).
#
# It installs what it needs when missing: cargo-deb (`cargo install cargo-deb --locked`),
# and Xvfb, ImageMagick (`import`, for the screenshot), xdotool (to find the window) and
# desktop-file-utils (to validate the desktop entry) with apt; appstreamcli validates the
# AppStream metadata when it is installed. It removes the package at the end if it installed it. Builds run under
# `nice -n 15`. CARGO_TARGET_DIR is honoured.
#
# What it cannot tell: how the window looks on a real desktop (GPU drivers, Wayland, a
# window manager, the desktop's menu and icon cache); a person should look at the screenshot.
set -euo pipefail
cd "$(dirname "$0")/.."

out_dir=${1:-docs}
mkdir -p "$out_dir"
log="$out_dir/deb-check.txt"
shot="$out_dir/deb-check.png"
: >"$log"
exec > >(tee -a "$log") 2>&1

step() { printf '\n== %s\n' "$*"; }
fail() { echo "FAILED: $*"; exit 1; }
ok() { echo "ok: $*"; }

[ "$(id -u)" = 0 ] || fail "run as root (apt installs the package)"
[ -r /etc/debian_version ] || fail "this script is for Debian"
echo "deb-check of $(git describe --always --dirty 2>/dev/null || echo 'a work tree') on Debian $(cat /etc/debian_version), $(uname -m), $(date -u '+%Y-%m-%d %H:%M UTC')"

export DEBIAN_FRONTEND=noninteractive
need=()
command -v Xvfb >/dev/null || need+=(xvfb)
command -v import >/dev/null || need+=(imagemagick)
command -v xdotool >/dev/null || need+=(xdotool)
command -v desktop-file-validate >/dev/null || need+=(desktop-file-utils)
if [ ${#need[@]} -gt 0 ]; then
  step "installing ${need[*]}"
  apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null
fi
if ! cargo deb --version >/dev/null 2>&1; then
  step "installing cargo-deb"
  nice -n 15 cargo install cargo-deb --locked
fi

target_dir=${CARGO_TARGET_DIR:-target}
debs="$target_dir/deb-check"
rm -rf "$debs" && mkdir -p "$debs"
version=$(cargo metadata --no-deps --format-version 1 |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["packages"][0]["version"])')

step "building the package (cargo deb --profile dist)"
start=$(date +%s)
# Cargo.toml names no maintainer yet: LIENKET_DEB_MAINTAINER="Name <address>" supplies one.
maintainer=()
[ -n "${LIENKET_DEB_MAINTAINER:-}" ] && maintainer=(--maintainer "$LIENKET_DEB_MAINTAINER")
nice -n 15 cargo deb --profile dist --locked "${maintainer[@]}" -o "$debs/new.deb"
echo "built in $(($(date +%s) - start)) s"
cmp -s "$target_dir/dist/lienket" <(dpkg-deb --fsys-tarfile "$debs/new.deb" | tar -xO ./usr/bin/lienket) &&
  ok "the package holds the dist build ($target_dir/dist/lienket)" ||
  echo "note: /usr/bin/lienket differs from $target_dir/dist/lienket (cargo-deb strips it again)"
dpkg-deb --info "$debs/new.deb" | sed -n '/Package:/,$p'
contents=$(dpkg-deb --contents "$debs/new.deb" | awk '{print $NF}' | grep -v '/$')
echo "files:"
echo "$contents" | sed 's/^/  /'
for n in 16 24 32 48 64 128 256 512; do
  grep -qx "./usr/share/icons/hicolor/${n}x${n}/apps/lienket.png" <<<"$contents" ||
    fail "no ${n}x${n} icon in the package"
done
ok "icons at 16, 24, 32, 48, 64, 128, 256 and 512 pixels, and the SVG"

if [ -n "${LIENKET_PREVIOUS_DEB:-}" ]; then
  cp "$LIENKET_PREVIOUS_DEB" "$debs/previous.deb"
  echo "previous version: $LIENKET_PREVIOUS_DEB"
else
  step "packaging the same build as a previous version (0.0.0~previous-1)"
  cargo deb --profile dist --no-build --deb-version 0.0.0~previous-1 "${maintainer[@]}" \
    -o "$debs/previous.deb"
fi
previous_version=$(dpkg-deb --field "$debs/previous.deb" Version)
new_version=$(dpkg-deb --field "$debs/new.deb" Version)
dpkg --compare-versions "$previous_version" lt "$new_version" ||
  fail "$previous_version is not older than $new_version"

# A user of the package: a fresh HOME, so the default knowledge base is
# ~/.local/share/lienket/lienket.db as on any desktop, and nothing of root's is touched.
user_home=$(mktemp -d /tmp/lienket-deb-check.XXXXXX)
db="$user_home/.local/share/lienket/lienket.db"
as_user() { env -i HOME="$user_home" PATH=/usr/bin:/bin LANG=C.UTF-8 "$@"; }
installed_here=no
cleanup() {
  [ "$installed_here" = yes ] && apt-get purge -y -qq lienket >/dev/null 2>&1 || true
  rm -rf "$user_home"
}
trap cleanup EXIT

if dpkg -s lienket >/dev/null 2>&1; then
  fail "lienket is installed already; remove it first (apt-get purge lienket)"
fi

step "installing the previous version ($previous_version) with apt"
apt-get install -y -qq "$(realpath "$debs/previous.deb")" >/dev/null
installed_here=yes
[ "$(dpkg-query -W -f '${Version}' lienket)" = "$previous_version" ] || fail "not installed"
ok "installed $(dpkg-query -W -f '${Package} ${Version}' lienket): $(as_user lienket --version)"

step "the user's knowledge base: created on first use, one entity added"
as_user lienket stats
as_user lienket add-entity --kind person "Người Kiểm Tra Gói" --summary "added by deb-check"
[ -f "$db" ] || fail "no database at $db"
entities_before=$(as_user lienket stats --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["entities"])')
sum_before=$(sha256sum "$db" | cut -d' ' -f1)
echo "database: $db ($(stat -c %s "$db") bytes, sha256 $sum_before)"
echo "entities: $entities_before"

check_data() { # $1: when
  [ -f "$db" ] || fail "$1: the database is gone"
  [ "$(sha256sum "$db" | cut -d' ' -f1)" = "$sum_before" ] || fail "$1: the database changed"
  ok "$1: the database is there, byte for byte as the user left it"
}
check_answers() { # $1: when
  as_user lienket show "Người Kiểm Tra Gói" | head -3
  [ "$(as_user lienket stats --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["entities"])')" = "$entities_before" ] ||
    fail "$1: the entity count changed"
  ok "$1: the installed lienket finds the user's entity; $entities_before entities, as before"
}

step "upgrading to $new_version with apt"
apt-get install -y -qq "$(realpath "$debs/new.deb")" >/dev/null
[ "$(dpkg-query -W -f '${Version}' lienket)" = "$new_version" ] || fail "not upgraded"
ok "upgraded: $(dpkg-query -W -f '${Package} ${Version}' lienket): $(as_user lienket --version)"
check_data "after the upgrade"
check_answers "after the upgrade"
sum_before=$(sha256sum "$db" | cut -d' ' -f1) # `show` may checkpoint; compare from here

step "the installed files"
for f in /usr/bin/lienket /usr/share/applications/lienket.desktop \
  /usr/share/metainfo/lienket.metainfo.xml /usr/share/icons/hicolor/scalable/apps/lienket.svg \
  /usr/share/icons/hicolor/48x48/apps/lienket.png /usr/share/icons/hicolor/512x512/apps/lienket.png; do
  [ -f "$f" ] || fail "$f is missing"
done
ok "binary, desktop entry, AppStream metadata and icons in place"
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate /usr/share/applications/lienket.desktop && ok "desktop-file-validate"
else
  echo "(desktop-file-validate not installed: skipped)"
fi
if command -v appstreamcli >/dev/null; then
  appstreamcli validate --no-net /usr/share/metainfo/lienket.metainfo.xml || true
else
  echo "(appstreamcli not installed: skipped)"
fi

step "starting the installed lienket under Xvfb"
display=":$((90 + RANDOM % 9))"
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
sleep 1
window_log="$user_home/window.log"
env -i HOME="$user_home" PATH=/usr/bin:/bin LANG=C.UTF-8 DISPLAY="$display" \
  /usr/bin/lienket >"$window_log" 2>&1 &
app_pid=$!
window=""
for _ in $(seq 1 30); do
  sleep 1
  kill -0 "$app_pid" 2>/dev/null || { cat "$window_log"; kill "$xvfb_pid"; fail "lienket exited"; }
  window=$(DISPLAY=$display xdotool search --onlyvisible --pid "$app_pid" 2>/dev/null | tail -1 || true)
  [ -n "$window" ] && break
done
[ -n "$window" ] || { kill "$app_pid" "$xvfb_pid"; fail "no window after 30 s"; }
sleep 4 # the first frames, the welcome page
echo "window $window: \"$(DISPLAY=$display xdotool getwindowname "$window")\", $(DISPLAY=$display xdotool getwindowgeometry "$window" | tail -1 | sed 's/^ *//')"
DISPLAY=$display import -window "$window" "$shot"
kill "$app_pid"
wait "$app_pid" 2>/dev/null || true
kill "$xvfb_pid"
wait "$xvfb_pid" 2>/dev/null || true
ok "screenshot: $shot"
echo "the window's log:"
sed 's/^/  /' "$window_log"
sum_before=$(sha256sum "$db" | cut -d' ' -f1) # the window may checkpoint the file on close

step "removing the package (apt-get remove, then purge)"
apt-get remove -y -qq lienket >/dev/null
[ ! -e /usr/bin/lienket ] || fail "/usr/bin/lienket is still there"
ok "removed"
check_data "after remove"
# The package has no configuration files, so dpkg may have forgotten it already; purge
# whatever is left.
dpkg --purge lienket
installed_here=no
dpkg -s lienket >/dev/null 2>&1 && fail "still known to dpkg after purge"
ok "purged"
check_data "after purge"

step "installing $new_version again"
apt-get install -y -qq "$(realpath "$debs/new.deb")" >/dev/null
installed_here=yes
check_data "after reinstalling"
check_answers "after reinstalling"

step "cleaning up"
apt-get purge -y -qq lienket >/dev/null
installed_here=no
ok "package purged; the test user's home removed"
echo
echo "deb-check passed: build, install, upgrade, window, remove, purge and reinstall; the user's database survived each step."
