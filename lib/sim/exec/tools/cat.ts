/** `cat [file…]`: the files the kubelet writes into a container, files redirections wrote, or stdin. */
import type { Tool } from "../tool.js";
import { inputs } from "./input.js";

/** `cat`: prints each file; a missing one is an error, the others still print. */
export const cat: Tool = {
  run(ctx, args) {
    let stdout = "";
    let stderr = "";
    for (const input of inputs(ctx, "cat", args)) {
      if ("error" in input) stderr += input.error;
      else stdout += input.text;
    }
    return { exitCode: stderr ? 1 : 0, stdout, stderr, outcome: stderr ? "error" : "ok", hops: [] };
  },
};
