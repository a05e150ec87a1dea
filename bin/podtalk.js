#!/usr/bin/env node
"use strict";
// The podtalk command: a thin launcher for the compiled CLI (run `npm run build` first in a checkout).
// A signal that ends podtalk (Ctrl-C, `timeout`, a closed terminal) first stops the kernels it
// started, so that none is left running a cell (see stopKernelsOnSignals in lib/notebook/client.ts).
require("../dist/lib/notebook/kernel-processes.js").stopKernelsOnSignals();
require("../dist/lib/cli/main.js")
  .main(process.argv.slice(2))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      console.error(err instanceof Error ? err.message : String(err));
      process.exitCode = 1;
    },
  );
