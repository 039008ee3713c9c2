# Shared by scripts/demo.sh and scripts/test.sh: install what is missing, skip what is
# there. Sourced, not run. Every step prints one line so CI logs show what happened.

ensure_wasm_target() {
  if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    echo "setup: wasm32-unknown-unknown target present"
  else
    echo "setup: installing the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
}

# The wasm-bindgen CLI must equal the wasm-bindgen crate version exactly (Cargo.toml pins
# it with "="); read the version from Cargo.lock so the two can never drift apart.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/{getline; gsub(/"/,"",$3); print $3; exit}' Cargo.lock
}

ensure_wasm_bindgen() {
  local want; want=$(wasm_bindgen_version)
  if [ -z "$want" ]; then
    echo "setup: wasm-bindgen is not in Cargo.lock; run 'cargo fetch' first" >&2
    return 1
  fi
  if command -v wasm-bindgen >/dev/null && [ "$(wasm-bindgen --version | awk '{print $2}')" = "$want" ]; then
    echo "setup: wasm-bindgen CLI $want present"
  else
    # ~5 minutes once; --locked fails on this registry copy, see design.md.
    echo "setup: installing wasm-bindgen-cli $want (takes a few minutes, once)"
    cargo install wasm-bindgen-cli --version "$want"
  fi
}

# The tools every command needs and cannot install itself: report them all at once.
ensure_base_tools() {
  local missing=()
  for tool in cargo rustup node npm python3; do
    command -v "$tool" >/dev/null || missing+=("$tool")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: missing ${missing[*]}: install them first (Rust by rustup, Node.js 20.19+, Python 3)" >&2
    return 1
  fi
  # Vite 7 (the bundler consumer test) needs Node.js 20.19 or later; Debian 12's own is 18.
  if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)'; then
    echo "setup: Node.js $(node --version) is too old: 20.19 or later is needed" >&2
    return 1
  fi
}

ensure_npm_packages() {
  if [ -x www/node_modules/.bin/wasm-opt ] && [ www/node_modules/.package-lock.json -nt www/package-lock.json ]; then
    echo "setup: npm packages present"
  else
    # npm ci installs exactly what package-lock.json pins.
    echo "setup: installing npm packages in www/ (npm ci)"
    (cd www && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

# apt-get needs root: use sudo when there is one and we are not root.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null; then
    sudo -n "$@"   # -n: fail at once rather than wait for a password
  else
    echo "setup: '$*' needs root and there is no sudo" >&2
    return 1
  fi
}

# The system's tz database: tests/cases/verify.py checks the engine's built-in daylight
# saving rules against it (Python's zoneinfo reads /usr/share/zoneinfo).
ensure_tzdata() {
  if [ -e /usr/share/zoneinfo/America/New_York ]; then
    echo "setup: tzdata present"
  else
    echo "setup: installing tzdata from Debian"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tzdata >/dev/null
  fi
}

# Debian's Chromium and ChromeDriver (Playwright's own browser download cannot work here).
ensure_chromium() {
  if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then
    echo "setup: chromium and chromedriver present"
  else
    echo "setup: installing chromium and chromium-driver from Debian"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
}
