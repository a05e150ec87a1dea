/**
 * `cluster.manifests()`: the applied objects as YAML text that still behaves as a string.
 *
 * `Manifests` extends `String`, so what worked on the string `manifests()` used to return keeps
 * working: `String(x)`, template literals, `.includes()`, `.split()`, `JSON.stringify`, and
 * `apply(x)` on another cluster. What changes is how it shows: Jupyter displays it as YAML
 * (text/plain) and a highlighted `<pre>` (text/html), and `console.log` prints the YAML itself
 * rather than `[String: '…']`, through the global `nodejs.util.inspect.custom` symbol, which
 * needs no Node import (lib/render stays pure).
 */
import hljs from "highlight.js/lib/core";
import yaml from "highlight.js/lib/languages/yaml";
import { INSPECT_CUSTOM, JUPYTER_DISPLAY, type MimeBundle } from "./mime.js";

hljs.registerLanguage("yaml", yaml);

/**
 * Colours of highlight.js's GitHub theme, inlined so the YAML is highlighted in Jupyter too, where
 * no highlight.js style sheet is loaded (the classes stay for pages that load one).
 */
const COLOURS: Readonly<Record<string, string>> = {
  attr: "#005cc5",
  string: "#032f62",
  number: "#005cc5",
  literal: "#005cc5",
  bullet: "#e36209",
  meta: "#6f42c1",
  comment: "#6a737d",
  keyword: "#d73a49",
  type: "#6f42c1",
};

/** YAML text as a displayable string. */
export class Manifests extends String {
  /** The YAML text (also what `String(x)` and `` `${x}` `` give). */
  get text(): string {
    return this.valueOf();
  }

  /** Highlighted YAML in a `<pre>`. */
  toHTML(): string {
    const text = this.valueOf();
    if (text === "") return '<p class="podtalk-empty">No objects applied yet.</p>';
    const highlighted = hljs
      .highlight(text.replace(/\n$/, ""), { language: "yaml", ignoreIllegals: true })
      .value.replace(/<span class="hljs-([\w-]+)">/g, (match, name: string) => {
        const colour = COLOURS[name];
        return colour ? `<span class="hljs-${name}" style="color:${colour}">` : match;
      });
    return `<pre class="podtalk-yaml"><code class="hljs language-yaml">${highlighted}</code></pre>`;
  }

  [INSPECT_CUSTOM](): string {
    return this.valueOf();
  }

  [JUPYTER_DISPLAY](): MimeBundle {
    return { "text/html": this.toHTML(), "text/plain": this.valueOf().replace(/\n$/, "") };
  }
}
