/**
 * The author's settings for the kernel, from the notebook's metadata:
 *
 * ```json
 * "metadata": { "podtalk": { "strict": false } }
 * ```
 *
 * turns TypeScript's strict checks off for that notebook's cells (they are on by default).
 *
 * A kernel is not told which notebook it serves, but Jupyter Server names it in the
 * `JPY_SESSION_NAME` environment variable of every kernel it starts (its path, relative to the
 * server's root), as `podtalk run` and `podtalk check` do (an absolute path); the kernel runs in
 * the notebook's folder, so the file is looked up there by name. A front end that sets neither
 * (`jupyter nbconvert --execute`, for one) gets the defaults.
 *
 * @see https://github.com/jupyter-server/jupyter_server/pull/679 (JPY_SESSION_NAME)
 */
import { readFileSync } from "node:fs";
import { basename, isAbsolute, join } from "node:path";

/** What a notebook's metadata may set for its kernel. */
export interface NotebookSettings {
  /** TypeScript's strict checks for the notebook's cells. */
  readonly strict: boolean;
}

export const DEFAULT_SETTINGS: NotebookSettings = { strict: true };

/** The settings of the notebook `env.JPY_SESSION_NAME` names, looked up from `cwd`; the defaults otherwise. */
export function notebookSettings(cwd: string, env: NodeJS.ProcessEnv): NotebookSettings {
  const session = env["JPY_SESSION_NAME"];
  if (!session?.endsWith(".ipynb")) return DEFAULT_SETTINGS;
  const candidates = isAbsolute(session) ? [session, join(cwd, basename(session))] : [join(cwd, basename(session))];
  for (const path of candidates) {
    let metadata: unknown;
    try {
      metadata = (JSON.parse(readFileSync(path, "utf8")) as { metadata?: unknown }).metadata;
    } catch {
      continue;
    }
    const podtalk = typeof metadata === "object" && metadata !== null ? (metadata as { podtalk?: unknown }).podtalk : undefined;
    const strict = typeof podtalk === "object" && podtalk !== null ? (podtalk as { strict?: unknown }).strict : undefined;
    return { strict: strict !== false };
  }
  return DEFAULT_SETTINGS;
}
