/**
 * The entry of the live runtime (dist/live/runtime.js, built by scripts/live-runtime.cjs): makes
 * vega measure text as it does in Node (see parity.ts), then starts the live article.
 */
import { startLiveArticle } from "./page.js";
import { measureTextAsNode } from "./parity.js";

measureTextAsNode();

function start(): void {
  const article = startLiveArticle(document);
  if (article) (globalThis as Record<string, unknown>)["podtalkLive"] = article;
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
