#!/usr/bin/env node
"use strict";
/**
 * Builds the live articles' runtime (`export --live`): lib/live/main.ts with the pure library,
 * vega and vega-lite, sucrase, acorn and CodeMirror bundled by esbuild into one minified script,
 * dist/live/runtime.js. `npm run build` runs it after tsc (which type-checks lib/live under
 * lib/live/tsconfig.json, with the DOM's types). The file is generated: never committed.
 */
const path = require("node:path");
const esbuild = require("esbuild");

const root = path.resolve(__dirname, "..");
const outfile = path.join(root, "dist", "live", "runtime.js");

esbuild
  .build({
    entryPoints: [path.join(root, "lib", "live", "main.ts")],
    outfile,
    bundle: true,
    minify: true,
    format: "iife",
    platform: "browser",
    target: ["chrome100", "firefox100", "safari15"],
    legalComments: "none",
    // The runtime is inlined into pages (or loaded from a file beside them): no source map to fetch.
    sourcemap: false,
    logLevel: "warning",
    define: { "process.env.NODE_ENV": '"production"' },
  })
  .catch(() => process.exit(1));
