#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The package test: builds the .deb from this build tree with CPack (into a temporary folder),
# then checks it as apt and a user would see it: its files, its control data and dependencies,
# its desktop entry and AppStream metadata, that apt resolves it, and that the packaged binary
# runs and starts on a fresh database (offscreen, with a fresh home).
#   check_package.sh CPACK BUILD_DIR VERSION DEMO_TOOL
set -uo pipefail
cpack=$1
build_dir=$2
version=$3
demo_tool=$4
app_id=org.rowsmith.Rowsmith

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}
pass() { echo "ok: $*"; }
# A step whose failure makes the following ones meaningless.
fatal() {
    echo "FAIL: $*" >&2
    exit 1
}

# ---- the package ----------------------------------------------------------------------------
(cd "$build_dir" && "$cpack" -G DEB --config CPackConfig.cmake -B "$work/out") > "$work/cpack.log" 2>&1 \
    || { cat "$work/cpack.log" >&2; fatal "cpack could not build the package"; }
deb="$work/out/rowsmith_${version}_amd64.deb"
[ -f "$deb" ] || { ls -l "$work/out" >&2; fatal "no package named $(basename "$deb")"; }
pass "built $(basename "$deb")"

# ---- its files ------------------------------------------------------------------------------
dpkg-deb -c "$deb" > "$work/contents" || fatal "dpkg-deb cannot list the package"
# Regular files and links, as /absolute paths (dpkg-deb lists ./usr/…).
awk '$1 !~ /^d/ { print $6 }' "$work/contents" | sed 's|^\./|/|' | sort > "$work/files"
{
    echo /usr/bin/rowsmith
    echo /usr/share/applications/$app_id.desktop
    echo /usr/share/metainfo/$app_id.metainfo.xml
    echo /usr/share/icons/hicolor/scalable/apps/$app_id.svg
    for size in 16 24 32 48 64 128 256; do
        echo /usr/share/icons/hicolor/${size}x${size}/apps/$app_id.png
    done
    echo /usr/share/man/man1/rowsmith.1.gz
    echo /usr/share/doc/rowsmith/copyright
} | sort > "$work/expected"
if diff -u "$work/expected" "$work/files" > "$work/files.diff"; then
    pass "file list (binary, desktop entry, metainfo, SVG and PNG icons, man page, copyright)"
else
    fail "file list differs from the expected one (- missing, + unexpected):"
    sed -n '3,$p' "$work/files.diff" | grep '^[-+]' >&2
fi
if awk '{ print $6 }' "$work/contents" | grep -Ev '^\./(usr/.*)?$' > "$work/outside"; then
    fail "entries outside /usr:"
    cat "$work/outside" >&2
else
    pass "nothing outside /usr"
fi
if awk '$2 != "root/root"' "$work/contents" | grep -q .; then
    fail "entries not owned by root:"
    awk '$2 != "root/root"' "$work/contents" >&2
else
    pass "every entry owned by root"
fi
grep -Eq '^-rwxr-xr-x .* \./usr/bin/rowsmith$' "$work/contents" \
    || fail "/usr/bin/rowsmith is not an executable file (rwxr-xr-x)"

# ---- its control data -------------------------------------------------------------------------
dpkg-deb -e "$deb" "$work/control" || fatal "dpkg-deb cannot extract the control data"
# Maintainer scripts could leave files behind on removal; none is needed (the desktop entry,
# icon and man page caches are refreshed by the triggers of the packages that own them).
extra=$(cd "$work/control" && ls | grep -Evx 'control|md5sums')
if [ -n "$extra" ]; then
    fail "unexpected control files (maintainer scripts or conffiles): $extra"
else
    pass "no maintainer scripts, no conffiles"
fi
[ "$(dpkg-deb -f "$deb" Package)" = rowsmith ] || fail "Package is not rowsmith"
[ "$(dpkg-deb -f "$deb" Version)" = "$version" ] || fail "Version is not $version"
[ "$(dpkg-deb -f "$deb" Architecture)" = amd64 ] || fail "Architecture is not amd64"

depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
# Package names only, one per line ("libfoo (>= 1.2), libbar" -> libfoo, libbar).
tr ',|' '\n\n' <<<"$depends" | sed 's/(.*)//; s/[[:space:]]//g' | grep . | sort -u > "$work/depends"
depends_on() { grep -qx "$1" "$work/depends"; }
# Plugins Qt loads by name at run time, which no shared-library scan can find.
for p in libqt6sql6-sqlite libqt6svg6; do
    depends_on "$p" || fail "Depends lacks $p (a plugin Qt loads at run time)"
done
# The keychain that keeps server passwords.
depends_on libqt6keychain1 || fail "Depends lacks libqt6keychain1 (the keychain of server passwords)"
# Every library the binary links to must come from a declared package (what shlibdeps found).
dpkg-deb -x "$deb" "$work/root" || fatal "dpkg-deb cannot extract the package"
bin="$work/root/usr/bin/rowsmith"
needed=$(readelf -d "$bin" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
[ -n "$needed" ] || fail "readelf found no shared libraries in /usr/bin/rowsmith"
for lib in $needed; do
    # "libfoo.so.1 => /path (…)", or the dynamic loader's "/path/ld-linux….so.2 (…)".
    path=$(ldd "$bin" | awk -v lib="$lib" '
        $1 == lib { print $3 }
        substr($1, length($1) - length(lib)) == "/" lib { print $1 }')
    if [ -z "$path" ]; then
        fail "ldd does not resolve $lib"
        continue
    fi
    owner=""
    for candidate in "$path" "/usr$path" "${path#/usr}"; do
        owner=$(dpkg-query -S "$candidate" 2>/dev/null | head -1 | cut -d: -f1) && [ -n "$owner" ] && break
    done
    if [ -z "$owner" ]; then
        fail "no installed package owns $lib ($path)"
    elif depends_on "$owner"; then
        pass "$lib comes from $owner, a declared dependency"
    else
        fail "$lib comes from $owner, which Depends does not name"
    fi
done

# ---- desktop entry and AppStream metadata -----------------------------------------------------
if desktop-file-validate "$work/root/usr/share/applications/$app_id.desktop"; then
    pass "desktop-file-validate"
else
    fail "desktop-file-validate reported the problems above"
fi
if appstreamcli validate --no-net --strict "$work/root/usr/share/metainfo/$app_id.metainfo.xml" \
    > "$work/appstream.log" 2>&1; then
    pass "appstreamcli validate"
else
    cat "$work/appstream.log" >&2
    fail "appstreamcli validate reported the problems above"
fi
zcat "$work/root/usr/share/man/man1/rowsmith.1.gz" | grep -q 'quit\\-after\\-load' \
    || fail "the man page does not document --quit-after-load"

# ---- apt ----------------------------------------------------------------------------------------
# A simulation needs no privileges (apt only warns that it is one).
if apt-get install --simulate "$deb" > "$work/apt.log" 2>&1 \
    && grep -q '^Inst rowsmith ' "$work/apt.log"; then
    pass "apt-get install --simulate resolves the dependencies"
else
    cat "$work/apt.log" >&2
    fail "apt-get install --simulate cannot install the package"
fi

# ---- the packaged binary ------------------------------------------------------------------------
# --version and --help answer in a terminal without a display.
without_display() { env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM "$bin" "$@" 2>&1; }
if without_display --version | grep -qFx "Rowsmith $version"; then
    pass "--version prints $version (without a display)"
else
    fail "--version does not print $version: $(without_display --version)"
fi
if without_display --help | grep -q -- '--quit-after-load'; then
    pass "--help lists --quit-after-load (without a display)"
else
    fail "--help does not list --quit-after-load: $(without_display --help)"
fi

# A fresh user: nothing from this machine's settings or data folders.
export HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_DATA_HOME="$work/home/.local/share" \
    XDG_CACHE_HOME="$work/home/.cache" XDG_RUNTIME_DIR="$work/runtime" QT_QPA_PLATFORM=offscreen
unset XDG_CONFIG_DIRS XDG_DATA_DIRS
mkdir -p "$HOME" && mkdir -m 700 "$XDG_RUNTIME_DIR"
start() { timeout 30 "$bin" --quit-after-load "$@" > "$work/start.out" 2> "$work/start.err"; }

# No file given: the demo database is created in the data folder, then shown.
if start && [ -s "$XDG_DATA_HOME/Rowsmith/Rowsmith/demo.db" ]; then
    pass "offscreen start-up on a fresh demo database: $(cat "$work/start.out")"
else
    cat "$work/start.err" >&2
    fail "offscreen start-up on a fresh demo database"
fi
# A database larger than a page: the rows are counted in the background before the exit.
if "$demo_tool" --users 300 "$work/fresh.db" > /dev/null && start "$work/fresh.db" \
    && grep -q '300' "$work/start.out"; then
    pass "offscreen start-up on a fresh database: $(cat "$work/start.out")"
else
    cat "$work/start.out" "$work/start.err" >&2
    fail "offscreen start-up on a fresh 300-user database"
fi
# A file that cannot be opened: non-zero, with the reason on stderr.
if start "$work/missing.db"; then
    fail "--quit-after-load on a missing file exited with 0"
elif ! grep -q 'missing.db' "$work/start.err"; then
    fail "--quit-after-load on a missing file did not say why on stderr"
else
    pass "a missing file fails with: $(grep 'missing.db' "$work/start.err")"
fi

if [ "$failures" -gt 0 ]; then
    echo "packaging: $failures check(s) failed" >&2
    exit 1
fi
echo "packaging: all checks passed"
