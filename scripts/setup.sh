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
