/**
 * Default captions: what a figure or table output shows, derived from the output itself when
 * the cell's metadata gives none (the command a table stands for, the request a trace follows,
 * the description a Vega-Lite figure carries).
 */

const VEGA_LITE_MIME = "application/vnd.vegalite.v5+json";

/** A caption and whether it names a figure or a table. */
export interface OutputCaption {
  readonly kind: "figure" | "table";
  /** Plain text (the caller escapes it). */
  readonly text: string;
}

/** The text of an HTML fragment without its tags and with its entities decoded (the few escapeHTML writes). */
function plain(html: string): string {
  return html
    .replace(/<[^>]*>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .trim();
}

/** `text` cut to `max` characters at a word, with an ellipsis. */
function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), max / 2))}…`;
}

/**
 * What a figure or table output shows, or `undefined` for text, streams and anything else.
 *
 * @example
 * outputCaption({ "text/html": '<div class="podtalk-trace ok">…', "text/plain": "$ kubectl exec client -c shell -- curl -s http://api/\n…" })
 * // { kind: "figure", text: "Hop by hop: curl -s http://api/ from client" }
 */
export function outputCaption(data: Readonly<Record<string, unknown>>): OutputCaption | undefined {
  const text = (mime: string): string | undefined => {
    const v = data[mime];
    return typeof v === "string" ? v : Array.isArray(v) ? v.join("") : undefined;
  };
  const html = text("text/html");
  if (html?.includes('class="podtalk-trace')) {
    const command = /^\$ kubectl exec (\S+)(?: -n \S+)? -c \S+ -- (.*)$/m.exec(text("text/plain") ?? "");
    return { kind: "figure", text: command ? `Hop by hop: ${command[2]} from ${command[1]}` : "Hop by hop" };
  }
  const spec = data[VEGA_LITE_MIME] as { description?: unknown } | undefined;
  if (typeof spec?.description === "string" || text("image/svg+xml") !== undefined) {
    // A notebook stored with minimal outputs keeps the SVG without its spec: the spec's description
    // is the figure's text equivalent, which text/plain carries too.
    const source = typeof spec?.description === "string" ? spec.description : (text("text/plain") ?? "");
    const description = source.split("\n")[0]!.trim();
    if (/^Cluster: /.test(description)) return { kind: "figure", text: `Topology of the cluster: ${description.slice("Cluster: ".length)}` };
    return { kind: "figure", text: shorten(description || "Figure", 160) };
  }
  if (html !== undefined && /<table[\s>]/.test(html)) {
    const caption = /<caption[^>]*>([\s\S]*?)<\/caption>/.exec(html);
    const head = caption ? plain(caption[1]!) : "";
    return { kind: "table", text: head || "Table" };
  }
  return undefined;
}
