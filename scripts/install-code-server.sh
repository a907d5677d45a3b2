#!/usr/bin/env bash
# Installs code-server (VS Code in the browser, with a Node extension host) for the extension's
# tests, once, into a cache outside the repo. Idempotent: a finished install is reused.
# Recipe: npm 11 runs install scripts only where package.json `allowScripts` approves them, and
# code-server's own postinstall refuses root, so it is run by hand with the env it expects.
# Needs the Debian packages chromium fonts-liberation ripgrep libkrb5-dev (bootstrap.sh --test).
set -euo pipefail

version="${CODE_SERVER_VERSION:-4.100.3}"
root="${SECRET_SHARE_WIZARD_CACHE:-$HOME/.cache/secret-share-wizard}/code-server-$version"
marker="$root/.installed"

if [ -f "$marker" ]; then
  echo "$root"
  exit 0
fi

for tool in rg node npm; do
  command -v "$tool" >/dev/null 2>&1 || { echo "install-code-server: '$tool' is missing (run scripts/bootstrap.sh --test)" >&2; exit 1; }
done
dpkg -s libkrb5-dev >/dev/null 2>&1 || { echo "install-code-server: libkrb5-dev is missing (run scripts/bootstrap.sh --test)" >&2; exit 1; }

mkdir -p "$root"
cd "$root"
echo "» installing code-server $version into $root" >&2

cat > package.json <<JSON
{
  "name": "secret-share-wizard-code-server",
  "private": true,
  "dependencies": { "code-server": "$version" },
  "allowScripts": { "argon2": true, "code-server": false }
}
JSON
npm install --no-audit --no-fund --loglevel=error >&2

cs="$root/node_modules/code-server"
node -e '
  const fs = require("fs");
  const file = process.argv[1];
  const pkg = JSON.parse(fs.readFileSync(file, "utf8"));
  pkg.allowScripts = {
    "@parcel/watcher": true, "@vscode/deviceid": true, "@vscode/spdlog": true, "kerberos": true,
    "native-watchdog": true, "node-pty": true,
    "@vscode/ripgrep": false, "@vscode/windows-mutex": false, "@vscode/windows-process-tree": false,
    "@vscode/windows-registry": false, "@vscode/windows-ca-certs": false,
  };
  fs.writeFileSync(file, JSON.stringify(pkg, null, 2));
' "$cs/lib/vscode/package.json"

(
  cd "$cs"
  npm_config_user_agent="npm/$(npm -v) node/$(node -v) linux x64" \
    npm_config_unsafe_perm=true npm_config_yes=true \
    sh ./postinstall.sh >&2
)

rg_dir="$cs/lib/vscode/node_modules/@vscode/ripgrep/bin"
mkdir -p "$rg_dir"
ln -sf "$(command -v rg)" "$rg_dir/rg"

test -f "$cs/out/node/entry.js"
touch "$marker"
echo "$root"
