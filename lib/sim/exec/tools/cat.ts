/** `cat file...`: the files the kubelet writes into a container (see `files.ts`). */
import { readFile } from "../files.js";
import { CAT } from "../messages.js";
import type { Tool } from "../tool.js";

/** `cat`: prints each file; a missing one is an error, the others still print. */
export const cat: Tool = {
  run(ctx, args) {
    let stdout = "";
    let stderr = "";
    for (const file of args) {
      const text = readFile(ctx, file);
      if (text === undefined) stderr += CAT.noSuchFile(file);
      else stdout += text;
    }
    return { exitCode: stderr ? 1 : 0, stdout, stderr, outcome: stderr ? "error" : "ok", hops: [] };
  },
};
