#!/usr/bin/env bash
# One-command local run: Azurite + local Cosmos DB protocol server (or a configured emulator), local.settings.json,
# and `func start` when Azure Functions Core Tools is installed. Ctrl-C stops everything it started.
# `--check` stops where Core Tools would start (for CI). `--help` for the options.
# Needs Node.js 20+ (the stores run on it); the steps themselves live in run-local.mjs, shared with run-local.ps1.
set -euo pipefail
if ! command -v node >/dev/null 2>&1; then
  echo "run-local needs Node.js 20+ on PATH (https://nodejs.org)." >&2
  exit 1
fi
exec node "$(dirname "$0")/run-local.mjs" "$@"
