#!/usr/bin/env node
// Cosmos DB protocol server for the integration tests: @vercel/cosmosdb-server plus the few
// behaviours the .NET Cosmos SDK (Gateway mode) needs and the package lacks.
//
// Usage: node cosmos-server.js [--port 0] [--host 127.0.0.1]
// Prints one JSON line, {"ready":true,"port":N}, once it accepts connections. It exits on
// SIGTERM/SIGINT and when its standard input closes, so a server whose test run died (and
// with it the pipe) never outlives it; give it a pipe, not /dev/null, when starting it by hand.
"use strict";

const { AsyncLocalStorage } = require("node:async_hooks");
const { randomUUID } = require("node:crypto");

const readDocument = require("@vercel/cosmosdb-server/lib/handler/read-document");
const partitionHeader = require("@vercel/cosmosdb-server/lib/utils/get-partition-from-header");
const Items = require("@vercel/cosmosdb-server/lib/account/items").default;

function parseArgs(argv) {
  const options = { port: 0, host: "127.0.0.1" };
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === "--port") options.port = Number.parseInt(argv[++i], 10);
    else if (argv[i] === "--host") options.host = argv[++i];
    else throw new Error(`unknown argument: ${argv[i]}`);
  }
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) {
    throw new Error("--port needs a number from 0 to 65535");
  }
  return options;
}

// A missing document makes the package's read handler dereference undefined and answer 500;
// the SDK (and our code) must see Cosmos' 404 NotFound instead.
const readExistingDocument = readDocument.default;
readDocument.default = (account, req, res, params) => {
  const header = partitionHeader.default(req);
  const collection = account.database(params.dbId).collection(params.collId);
  if (header && collection.read()) {
    const partition = partitionHeader.parsePartitionKey(header, params.docId);
    if (!collection.document(params.docId, partition).read()) {
      res.statusCode = 404;
      return { code: "NotFound", message: "Entity with the specified id does not exist in the system." };
    }
  }
  return readExistingDocument(account, req, res, params);
};

// Cosmos scopes a query sent with a partition key header to that logical partition. The
// package ignores the header (and rejects queries whose WHERE does not name the key), so the
// request listener records the partition and the query only sees that partition's items.
const queryScope = new AsyncLocalStorage();
const queryAllItems = Items.prototype.query;
Items.prototype.query = function queryPartition(params, options) {
  const scope = queryScope.getStore();
  if (!scope) return queryAllItems.call(this, params, options);
  const everything = this._data;
  this._data = new Map(
    [...everything].filter(([, item]) => this._getPartition(item.read()) === scope.partition)
  );
  try {
    // Synchronous, so no other request can observe the narrowed map.
    return queryAllItems.call(this, params, options);
  } finally {
    this._data = everything;
  }
};

function partitionOfQuery(req) {
  const header = req.headers["x-ms-documentdb-partitionkey"];
  if (req.method !== "POST" || !header || !isTrue(req.headers["x-ms-documentdb-isquery"])) {
    return null;
  }
  let value;
  try {
    [value] = JSON.parse(header);
  } catch {
    return null; // Let the package answer the malformed header.
  }
  // PartitionKey.None is sent as [{}]: the items that have no partition key value.
  return { partition: value !== null && typeof value === "object" ? undefined : value };
}

function isTrue(header) {
  return typeof header === "string" && header.toLowerCase() === "true";
}

// The SDK (Gateway mode, without the Windows-only query interop) asks the gateway for a query
// plan before every query, partition key or not. This server has a single partition key range
// (pkranges: "" to "FF") and evaluates ORDER BY, TOP and aggregates over all of it itself, so
// the right plan is "run the query as written over that range": nothing for the SDK to rewrite,
// merge, sort or aggregate, and its continuation tokens simply wrap the server's. (The package's
// SQL parser knows no OFFSET/LIMIT, DISTINCT or GROUP BY; such queries get its 400.)
function passThroughQueryPlan() {
  return {
    partitionedQueryExecutionInfoVersion: 2,
    queryInfo: {
      distinctType: "None",
      top: null,
      offset: null,
      limit: null,
      orderBy: [],
      orderByExpressions: [],
      groupByExpressions: [],
      groupByAliases: [],
      aggregates: [],
      groupByAliasToAggregateType: {},
      rewrittenQuery: "",
      hasSelectValue: false,
      hasNonStreamingOrderBy: false
    },
    queryRanges: [{ min: "", max: "FF", isMinInclusive: true, isMaxInclusive: false }]
  };
}

function answerQueryPlan(req, res) {
  req.resume();
  req.on("end", () => {
    res.writeHead(200, {
      "content-type": "application/json",
      "x-ms-activity-id": randomUUID(),
      "x-ms-request-charge": "0"
    });
    res.end(JSON.stringify(passThroughQueryPlan()));
  });
}

function main() {
  let port;
  let host;
  try {
    ({ port, host } = parseArgs(process.argv.slice(2)));
  } catch (err) {
    process.stderr.write(`cosmos-server: ${err.message}\nusage: node cosmos-server.js [--port 0] [--host 127.0.0.1]\n`);
    process.exit(2);
  }
  // Loaded only now: the package's router captures each handler when lib/index.js is first
  // required, after the read handler patch above.
  const { createHttpsServer } = require("@vercel/cosmosdb-server");
  const server = createHttpsServer();
  const [handlePackageRequest] = server.listeners("request");
  server.removeAllListeners("request");
  server.on("request", (req, res) => {
    if (req.method === "POST" && isTrue(req.headers["x-ms-cosmos-is-query-plan-request"])) {
      answerQueryPlan(req, res);
      return;
    }
    const scope = partitionOfQuery(req);
    if (!scope) {
      handlePackageRequest(req, res);
      return;
    }
    // The scope replaces the package's "WHERE must name the partition key" check.
    req.headers["x-ms-documentdb-query-enablecrosspartition"] = "true";
    queryScope.run(scope, () => handlePackageRequest(req, res));
  });

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    server.close(() => process.exit(0));
    server.closeAllConnections();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  process.stdin.on("end", stop);
  process.stdin.on("error", stop);
  process.stdin.resume();

  server.on("error", (err) => {
    process.stderr.write(`cosmos-server: ${err.message}\n`);
    process.exit(1);
  });
  server.listen(port, host, () => {
    process.stdout.write(`${JSON.stringify({ ready: true, port: server.address().port })}\n`);
  });
}

main();
