/** `hostname`. */
import { podHostname } from "../files.js";
import { ok } from "../result.js";
import type { Tool } from "../tool.js";

/** `hostname`: the Pod's `spec.hostname`, else its name. */
export const hostname: Tool = {
  run({ pod }) {
    return ok(`${podHostname(pod)}\n`);
  },
};
