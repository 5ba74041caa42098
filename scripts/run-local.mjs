#!/usr/bin/env node
// The one-command local run behind run-local.sh and run-local.ps1 (one implementation for both shells).
//
// Starts Azurite and the local Cosmos DB protocol server (tests/servers) on free loopback ports, or uses a
// configured Cosmos emulator; writes their endpoints into src/ChannelFunctions/local.settings.json (created from
// local.settings.sample.json when missing); then runs `func start` when Azure Functions Core Tools is installed.
// Without Core Tools it says so and keeps the stores running for the CLI's `ingest` and `show`.
// Ctrl-C stops everything it started. --check stops right where Core Tools would start (for CI).
// A running run-local marks its settings file with a lock file (<settings>.run-local, holding its pid): a second
// run-local on the same file refuses to start, and --check writes a temporary settings file instead, so neither
// repoints a running function app at stores that are about to stop.

import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const serversDir = join(root, "tests", "servers");
const appDir = join(root, "src", "ChannelFunctions");
const installLink = "https://learn.microsoft.com/azure/azure-functions/functions-run-local";
const emulatorKey = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";
const azuriteKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
const readinessMs = 60_000;
// On Windows npm and Core Tools are .cmd files, which Node only starts through a shell.
const onWindows = process.platform === "win32";

const usage = `Usage: run-local [--check] [--settings FILE] [--cosmos-connection-string CS]

  --check                     Start the stores, write the settings, say what would start next, stop, exit 0 (CI).
  --settings FILE             Settings file to create or update (default: src/ChannelFunctions/local.settings.json).
  --cosmos-connection-string  Use this Cosmos DB emulator or account instead of starting the local protocol server
                              (default: $CHANNELFUNCTIONS_COSMOS_CONNECTION_STRING when set).`;

function usageError(message, showUsage = true) {
  console.error(showUsage ? `run-local: ${message}\n\n${usage}` : `run-local: ${message}`);
  process.exit(2);
}

function parseArgs(argv) {
  const options = {
    check: false,
    settings: join(appDir, "local.settings.json"),
    cosmos: process.env.CHANNELFUNCTIONS_COSMOS_CONNECTION_STRING || null,
    cosmosSource: "CHANNELFUNCTIONS_COSMOS_CONNECTION_STRING",
  };
  const value = (i, what) => (argv[i + 1] && !argv[i + 1].startsWith("--") ? argv[i + 1] : usageError(`${argv[i]} needs ${what}.`));
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === "--check") options.check = true;
    else if (arg === "--settings") options.settings = resolve(value(i++, "a file path"));
    else if (arg === "--cosmos-connection-string") { options.cosmos = value(i++, "a connection string"); options.cosmosSource = arg; }
    else if (arg === "--help" || arg === "-h") { console.log(usage); process.exit(0); }
    else usageError(`unknown argument: ${arg}`);
  }
  if (options.cosmos) options.cosmosEndpoint = cosmosEndpoint(options.cosmos, options.cosmosSource);
  return options;
}

// A Cosmos DB connection string has an AccountEndpoint URL and an AccountKey; checked before anything starts or is written.
function cosmosEndpoint(connectionString, source) {
  const parts = Object.fromEntries(connectionString.split(";").filter(Boolean).map((part) => {
    const at = part.indexOf("=");
    return at > 0 ? [part.slice(0, at).trim().toLowerCase(), part.slice(at + 1).trim()] : [part.trim().toLowerCase(), ""];
  }));
  let endpoint = null;
  try { endpoint = new URL(parts.accountendpoint); } catch { /* reported below */ }
  if (!endpoint || !/^https?:$/.test(endpoint.protocol) || !parts.accountkey) {
    usageError(`${source} is not a Cosmos DB connection string: expected AccountEndpoint=https://host:port/;AccountKey=...; (nothing was started or written).`);
  }
  return endpoint.href;
}

// The pid of a live run-local that holds this settings file, else null (a lock left by a killed run is stale).
function runningHolder(settings) {
  const lock = `${settings}.run-local`;
  if (!existsSync(lock)) return null;
  const pid = Number(readFileSync(lock, "utf8").trim());
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return null;
  try { process.kill(pid, 0); return pid; } catch (error) { return error.code === "EPERM" ? pid : null; }
}

const children = [];
let lockFile = null;
let temporary = null;

// Every server gets its standard input on a pipe this process holds: they exit when it closes, so even if this
// script is killed outright, nothing it started outlives it.
function startServer(name, args, isReady) {
  const child = spawn(process.execPath, args, { cwd: serversDir, stdio: ["pipe", "pipe", "pipe"] });
  children.push(child);
  let stderrTail = "";
  child.stderr.on("data", (chunk) => { stderrTail = (stderrTail + chunk).slice(-2000); });
  return new Promise((resolveReady, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not become ready in ${readinessMs / 1000} s.\n${stderrTail}`)), readinessMs);
    child.on("exit", (code) => { clearTimeout(timer); reject(new Error(`${name} exited with code ${code}.\n${stderrTail}`)); });
    createInterface({ input: child.stdout }).on("line", (line) => {
      const ready = isReady(line);
      if (ready) { clearTimeout(timer); resolveReady(ready); }
    });
  });
}

async function startAzurite() {
  const endpoints = {};
  await startServer("Azurite", [
    "--require", "./exit-with-stdin.js", "node_modules/azurite/dist/src/azurite.js",
    "--inMemoryPersistence", "--skipApiVersionCheck", "--disableTelemetry", "--silent",
    "--blobHost", "127.0.0.1", "--blobPort", "0", "--queueHost", "127.0.0.1", "--queuePort", "0",
    "--tableHost", "127.0.0.1", "--tablePort", "0",
  ], (line) => {
    const match = /^Azurite (Blob|Queue|Table) service is successfully listening at (http:\/\/\S+?)\/?$/.exec(line);
    if (match) endpoints[match[1]] = `${match[2]}/devstoreaccount1`;
    return endpoints.Blob && endpoints.Queue && endpoints.Table ? endpoints : null;
  });
  return `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${azuriteKey};`
    + `BlobEndpoint=${endpoints.Blob};QueueEndpoint=${endpoints.Queue};TableEndpoint=${endpoints.Table};`;
}

async function startCosmos() {
  const { port } = await startServer("cosmos-server.js", ["cosmos-server.js", "--port", "0", "--host", "127.0.0.1"], (line) => {
    try { const ready = JSON.parse(line); return ready.ready === true ? ready : null; } catch { return null; }
  });
  return `AccountEndpoint=https://127.0.0.1:${port}/;AccountKey=${emulatorKey};DisableServerCertificateValidation=True;`;
}

function ensureServerPackages() {
  if (existsSync(join(serversDir, "node_modules", ".package-lock.json"))) return;
  console.log(`Installing the local servers (npm ci in ${serversDir}) ...`);
  const npm = spawnSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: serversDir, stdio: "inherit", shell: onWindows });
  if (npm.status !== 0) throw new Error("npm ci failed; Node.js 20+ with npm is needed.");
}

// Creates the settings file from the sample when missing, then points it at the stores started now (their ports
// change every run). Everything else in an existing file is left as the user made it.
function readSettings(path) {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new Error(`${path} is not valid JSON (${error.message}); fix or delete it, then run again.`);
  }
}

function writeSettings(path, storage, cosmos, base = path) {
  const created = !existsSync(base);
  const settings = readSettings(created ? join(root, "local.settings.sample.json") : base);
  const values = settings.Values ??= {};
  values.AzureWebJobsStorage = storage;
  values.RejectedEvents__ConnectionString = storage;
  values.Cosmos__ConnectionString = cosmos;
  values.Cosmos__CreateIfNotExists = "true";
  values.RejectedEvents__CreateIfNotExists = "true";
  // A secret of this machine's own, so `channelfunctions send` (which reads it from here) signs like VCC.
  if (!values.Relay__Secrets__0) values.Relay__Secrets__0 = randomBytes(32).toString("base64");
  // Likewise the continuation-token key: every process (the app, each CLI run) must sign with the same one.
  if (!values.Lookups__ContinuationTokenKey) values.Lookups__ContinuationTokenKey = randomBytes(32).toString("base64");
  writeFileSync(path, `${JSON.stringify(settings, null, 2)}\n`);
  return created;
}

function coreToolsVersion() {
  const func = spawnSync("func", ["--version"], { encoding: "utf8", shell: onWindows });
  return func.status === 0 ? func.stdout.trim() : null;
}

async function stopAll() {
  if (lockFile) { rmSync(lockFile, { force: true }); lockFile = null; }
  if (temporary) { rmSync(temporary, { recursive: true, force: true }); temporary = null; }
  await Promise.all(children.filter((child) => child.exitCode === null && child.signalCode === null).map((child) =>
    new Promise((done) => {
      const kill = setTimeout(() => child.kill("SIGKILL"), 5000);
      child.once("exit", () => { clearTimeout(kill); done(); });
      child.stdin.end();
    })));
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  let stopping = false;
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.on(signal, async () => {
      if (stopping) return;
      stopping = true;
      console.log("\nStopping what run-local started ...");
      await stopAll();
      process.exit(0);
    });
  }

  const holder = runningHolder(options.settings);
  let settingsPath = options.settings;
  if (holder && !options.check) {
    usageError(`run-local is already running (pid ${holder}) with ${options.settings}; stop it first, or pass --settings with another file.`, false);
  }
  if (holder) {
    // Leave the running one alone: check with a copy of its settings in a temporary folder, removed afterwards.
    const folder = mkdtempSync(join(tmpdir(), "run-local-check-"));
    settingsPath = join(folder, "local.settings.json");
    temporary = folder;
    console.log(`A run-local (pid ${holder}) is running with ${options.settings}: --check leaves it alone and writes a temporary settings file instead.`);
  } else if (!options.check) {
    lockFile = `${options.settings}.run-local`;
    writeFileSync(lockFile, `${process.pid}\n`);
  }

  ensureServerPackages();
  const [storage, cosmos] = await Promise.all([
    startAzurite(),
    options.cosmos ? Promise.resolve(options.cosmos) : startCosmos(),
  ]);
  const created = writeSettings(settingsPath, storage, cosmos, options.settings);
  console.log(`Azurite:        ${/BlobEndpoint=([^;]+)/.exec(storage)[1]}`);
  console.log(`Cosmos DB:      ${options.cosmosEndpoint ?? /AccountEndpoint=([^;]+)/.exec(cosmos)[1]}${options.cosmos ? " (configured)" : " (local protocol server, in memory)"}`);
  console.log(`Settings:       ${settingsPath} (${created ? "created from local.settings.sample.json" : holder ? "a temporary copy, with this check's endpoints" : "updated with the stores' endpoints"})`);

  const func = coreToolsVersion();
  const cli = "dotnet run --project src/ChannelFunctions.Cli --";
  if (func) {
    console.log(`Core Tools:     ${func}`);
    if (options.check) {
      console.log(`Check done: would now run 'func start' in ${appDir}.`);
      await stopAll();
      return;
    }
    console.log("Starting the function app: func start (relay at http://localhost:7071/api/vcc/events). Ctrl-C stops everything.");
    const host = spawn("func", ["start"], { cwd: appDir, stdio: "inherit", shell: onWindows });
    children.push(host);
    host.on("exit", async (code) => { await stopAll(); process.exit(code ?? 0); });
    return;
  }

  console.log([
    "Core Tools:     not installed, so the function app does not start here.",
    `                Install Azure Functions Core Tools to run it: ${installLink}`,
    "                The stores keep running for the CLI, e.g.:",
    `                  ${cli} ingest samples/conversation`,
    `                  ${cli} show conversation <conversationId>`,
  ].join("\n"));
  if (options.check) {
    console.log("Check done: stores started, settings written; stopping them.");
    await stopAll();
    return;
  }
  console.log("Stores running. Ctrl-C stops them.");
}

main().catch(async (error) => {
  console.error(`run-local failed: ${error.message}`);
  await stopAll();
  process.exit(1);
});
