#!/usr/bin/env bash
# Compiles bench/ (with the apps and libs it drives) into dist-bench/ for `npm run bench` and
# `npm run demo`. Incremental: the build info lives inside dist-bench/, so a second command (or a
# re-run) compiles only what changed, and removing dist-bench/ rebuilds everything.
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsc -p tsconfig.bench.json --incremental --tsBuildInfoFile dist-bench/.tsbuildinfo
npx tsc-alias -p tsconfig.bench.json
