/**
 * Makes cells' runtime `require("podtalk")` load this package when no real
 * `node_modules/podtalk` sits next to the notebook, by wrapping Node's module resolution.
 */
import { createRequire } from "node:module";
import Module from "node:module";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { PODTALK_PACKAGE } from "../podtalk-resolution.js";

let requireMapped = false;

/** Makes `require("podtalk")` and `require("podtalk/...")` in cells load this package. */
export function mapRuntimeRequire(cwd: string, packageRoot: string): void {
  if (requireMapped) return;
  requireMapped = true;
  const shadowed = existsSync(join(cwd, "node_modules", PODTALK_PACKAGE));
  if (shadowed) return;
  const self = createRequire(join(packageRoot, "package.json"));
  const mod = Module as unknown as { _resolveFilename(request: string, ...rest: unknown[]): string };
  const original = mod._resolveFilename;
  let resolvingSelf = false;
  mod._resolveFilename = function (request: string, ...rest: unknown[]): string {
    if (!resolvingSelf && (request === PODTALK_PACKAGE || request.startsWith(`${PODTALK_PACKAGE}/`))) {
      // Resolving from inside the package uses its own `exports` (package self-reference).
      resolvingSelf = true;
      try {
        return self.resolve(request);
      } finally {
        resolvingSelf = false;
      }
    }
    return original.call(this, request, ...rest);
  };
}
