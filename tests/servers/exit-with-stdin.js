// Preloaded with `node --require` into servers we start but do not own (Azurite): the test run
// that started one holds the other end of its stdin pipe, so end-of-input means that run is
// over, even if it died without stopping the server. Stop the way Ctrl+C would.
"use strict";

process.stdin.on("end", () => {
  process.kill(process.pid, "SIGTERM");
  // Should the server's own shutdown hang, still leave, without keeping the process alive.
  setTimeout(() => process.exit(1), 5000).unref();
});
process.stdin.resume();
