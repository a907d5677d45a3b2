#!/usr/bin/env bash
# Installs what the product and its tests need on a fresh Debian machine with Node >= 20:
# pnpm, the workspace's npm packages, and (with --test) the Debian packages the tests drive.
set -euo pipefail
cd "$(dirname "$0")/.."

need_node_major=20
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt "$need_node_major" ]; then
  echo "secret-share-wizard needs Node >= $need_node_major (found $(node -v))." >&2
  exit 1
fi

if ! command -v pnpm >/dev/null 2>&1; then
  echo "» installing pnpm 10 (npm i -g pnpm@10)"
  npm i -g pnpm@10 >/dev/null
fi

if [ "${1:-}" = "--test" ]; then
  missing=()
  command -v tmux >/dev/null 2>&1 || missing+=(tmux)
  command -v chromium >/dev/null 2>&1 || missing+=(chromium fonts-liberation)
  command -v rg >/dev/null 2>&1 || missing+=(ripgrep)
  dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
  [ -x /usr/bin/aws ] || missing+=(awscli)   # AWS CLI v2: the benchmark's baseline and the --export cli tests
  if [ ${#missing[@]} -gt 0 ]; then
    echo "» installing Debian packages: ${missing[*]}"
    if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  # code-server for the VS Code extension's tests (installed once, cached under ~/.cache/secret-share-wizard).
  scripts/install-code-server.sh >/dev/null
fi

if ! command -v moto_server >/dev/null 2>&1; then
  cat >&2 <<'MSG'
moto_server (the local AWS emulator) is not installed. The demo and the tests run against it.
Install it with:   pip install 'moto[server]'
MSG
  exit 1
fi

echo "» installing npm packages (pnpm install)"
pnpm install --frozen-lockfile --reporter=silent
