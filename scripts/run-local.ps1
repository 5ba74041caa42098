#!/usr/bin/env pwsh
# One-command local run: Azurite + local Cosmos DB protocol server (or a configured emulator), local.settings.json,
# and `func start` when Azure Functions Core Tools is installed. Ctrl-C stops everything it started.
# `--check` stops where Core Tools would start (for CI). `--help` for the options.
# Needs Node.js 20+ (the stores run on it); the steps themselves live in run-local.mjs, shared with run-local.sh.
$ErrorActionPreference = 'Stop'
if (-not (Get-Command node -ErrorAction SilentlyContinue)) {
    Write-Error 'run-local needs Node.js 20+ on PATH (https://nodejs.org).'
    exit 1
}
& node (Join-Path $PSScriptRoot 'run-local.mjs') @args
exit $LASTEXITCODE
