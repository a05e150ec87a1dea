/**
 * Test helpers: podtalk packed with `npm pack` and installed from the tarball into a temporary
 * project, as a course author installs it.
 */
import { strict as assert } from "node:assert";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot, run } from "../kernel/kernelspec-env.js";

/** npm without its update check, so that the tests print nothing about the registry. */
export const npmEnv: NodeJS.ProcessEnv = { ...process.env, npm_config_update_notifier: "false" };

/** Packs the repository (dist/ is built already: no prepack build) into `dir`; returns the tarball's file name. */
export async function packInto(dir: string): Promise<string> {
  const pack = await run("npm", ["pack", "--ignore-scripts", "--silent", "--pack-destination", dir], { cwd: repoRoot(), env: npmEnv });
  assert.equal(pack.code, 0, `npm pack failed:\n${pack.stderr}`);
  return pack.stdout.trim().split("\n").pop()!;
}

/**
 * A temporary folder holding the tarball and `project/`, a package that depends on it with the
 * extra package.json fields given, installed with `npm install`.
 */
export async function installedProject(fields: Record<string, unknown>): Promise<{ dir: string; project: string }> {
  const dir = mkdtempSync(join(tmpdir(), "podtalk-pkg-"));
  const tarball = await packInto(dir);
  const project = join(dir, "project");
  mkdirSync(project);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "course", private: true, ...fields, dependencies: { podtalk: `file:../${tarball}` } }));
  const install = await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: project, env: npmEnv });
  assert.equal(install.code, 0, `npm install failed:\n${install.stderr}`);
  return { dir, project };
}

let shared: Promise<{ dir: string; project: string }> | undefined;

/**
 * One ES-module project (`"type": "module"`) installed from the tarball, shared by the tests of
 * a run (packing and installing take seconds); removed after the last test. Tests write files of
 * their own names into it.
 */
export function sharedProject(): Promise<{ dir: string; project: string }> {
  shared ??= installedProject({ type: "module" });
  return shared;
}

// A root-level hook: runs once, after every test of the run.
after(async () => {
  if (!shared) return;
  const { dir } = await shared.catch(() => ({ dir: "" }));
  if (dir) rmSync(dir, { recursive: true, force: true });
});
