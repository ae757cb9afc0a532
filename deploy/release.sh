#!/usr/bin/env bash
# The release as deploy/Dockerfile makes it, on any Linux machine: build this checkout (compiled
# server under dist/server, client under dist/client), then assemble a production install in
# OUT_DIR: package files, dist/, data/, LICENSE, and `npm ci --omit=dev` (no Vite, tsx,
# TypeScript or Vitest). In OUT_DIR, `npm start` (or `npm run start:prod`) runs a node, and
# `npm run accounts`, `npm run backup` and `npm run restore` run the compiled CLIs.
#
#   deploy/release.sh OUT_DIR
set -euo pipefail
out=${1:?usage: deploy/release.sh OUT_DIR}
cd "$(dirname "$0")/.."
mkdir -p "$out"
out=$(cd "$out" && pwd)
if [ "$out" = "$(pwd)" ]; then echo "release.sh: OUT_DIR must not be the checkout itself" >&2; exit 2; fi

[ -d node_modules ] || npm ci --no-audit --no-fund
echo "release: building (client and server)…"
npm run build

echo "release: production install in $out…"
find "$out" -mindepth 1 -maxdepth 1 -exec rm -rf {} +
cp -R package.json package-lock.json LICENSE README.md .env.example data "$out"/
mkdir -p "$out/dist"
cp -R dist/server dist/client "$out/dist/"
# The release's own commands: the operator's scripts (accounts, backup, restore) run the compiled
# code, `npm start` is `npm run start:prod`, and the development ones (tests, benches, Vite) go.
node -e '
  const fs = require("fs");
  const file = process.argv[1];
  const manifest = JSON.parse(fs.readFileSync(file, "utf8"));
  const scripts = {};
  for (const name of ["accounts", "backup", "restore", "city"]) {
    const compiled = manifest.scripts[name].replace(/^node --import tsx server\/(\S+)\.ts/, "node --enable-source-maps dist/server/server/$1.js");
    if (compiled === manifest.scripts[name]) throw new Error(`release.sh: cannot compile the ${name} script`);
    scripts[name] = compiled;
  }
  scripts.start = scripts["start:prod"] = manifest.scripts["start:prod"];
  manifest.scripts = scripts;
  fs.writeFileSync(file, JSON.stringify(manifest, null, 2) + "\n");
' "$out/package.json"
(cd "$out" && npm ci --omit=dev --prefer-offline --no-audit --no-fund)
echo "release: ready in $out ($(du -sh "$out" | cut -f1)); start it with: cd $out && npm run start:prod"
