#!/usr/bin/env node
"use strict";
// The podtalk command: a thin launcher for the compiled CLI (run `npm run build` first in a checkout).
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
