# Shared set-up for ./run and ./test (sourced): Debian packages, .venv, the project inside it.
# Reruns are fast: packages are checked with one dpkg-query, and the venv is reinstalled only
# when pyproject.toml changes.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV="$ROOT/.venv"

# Qt's runtime libraries (DESIGN.md section 8), PulseAudio for sound, and PortAudio for the
# microphone (sounddevice's Linux wheel does not carry it).
QT_PACKAGES="libegl1 libgl1 libfontconfig1 libxkbcommon0 libxkbcommon-x11-0 libdbus-1-3
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
  libxcb-shape0 libxcb-xkb1 libpulse0 libportaudio2"
# What the tests use besides: a virtual screen, ffprobe to check media, ImageMagick to compare.
# binutils: PyInstaller reads the libraries it bundles with objdump (the bundle test).
TEST_PACKAGES="xvfb xauth ffmpeg imagemagick poppler-utils binutils"

say() { printf '%s\n' "$*" >&2; }

find_python() {
  local candidate
  for candidate in "${PYTHON:-}" python3 python3.13 python3.12 python3.11; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 &&
      "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      command -v "$candidate"
      return 0
    fi
  done
  say "Attune needs Python 3.11 or newer. On Debian: sudo apt-get install -y python3 python3-venv"
  exit 1
}

ensure_debian_packages() {
  local wanted=("$@") missing=() installed
  if ! command -v dpkg-query >/dev/null 2>&1; then
    say "Not a Debian-style system: make sure these are installed: ${wanted[*]}"
    return 0
  fi
  # dpkg-query exits non-zero when a package was never installed: that is the normal case here.
  installed=$({ dpkg-query -W -f='${Package} ${Status}\n' "${wanted[@]}" 2>/dev/null || true; } |
    awk '$NF == "installed" {print $1}')
  local package
  for package in "${wanted[@]}"; do
    grep -qx "$package" <<<"$installed" || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -eq 0 ]; then
    say "Installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  else
    say "Attune needs these Debian packages. Please run:"
    say "  sudo apt-get install -y ${missing[*]}"
    say "and then run this command again."
    exit 1
  fi
}

# ensure_project EXTRAS: create .venv and install the project (with EXTRAS, e.g. "test").
ensure_project() {
  local extras="${1:-}" python stamp_file wanted spec
  python=$(find_python)
  if ! "$python" -c 'import venv, ensurepip' >/dev/null 2>&1; then
    ensure_debian_packages "python3-venv"
  fi
  if [ ! -x "$VENV/bin/python" ]; then
    say "Creating $VENV"
    "$python" -m venv "$VENV"
  fi
  wanted="$(sha256sum <"$ROOT/pyproject.toml" | cut -c1-16) ${extras:-base}"
  stamp_file="$VENV/.attune-installed"
  if [ -f "$stamp_file" ] && grep -qxF "$wanted" "$stamp_file"; then
    return 0
  fi
  spec="$ROOT"
  [ -n "$extras" ] && spec="$ROOT[$extras]"
  say "Installing Attune into $VENV"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip >&2
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e "$spec" >&2
  # An install with the test extras also satisfies a plain one.
  {
    echo "$wanted"
    [ -n "$extras" ] && echo "${wanted% *} base"
  } >"$stamp_file"
}
