/**
 * The HTML sanitiser for exported articles: sanitize-html, configured for what notebooks show
 * (tables, details, inline SVG as vega and podtalk's renderers emit it) and for a page that must
 * never touch the network.
 */
import sanitizeHtml from "sanitize-html";

const SVG_TAGS = [
  "svg",
  "g",
  "path",
  "rect",
  "circle",
  "ellipse",
  "line",
  "polyline",
  "polygon",
  "text",
  "tspan",
  "textPath",
  "defs",
  "clipPath",
  "mask",
  "pattern",
  "linearGradient",
  "radialGradient",
  "stop",
  "marker",
  "symbol",
  "use",
  "title",
  "desc",
  "image",
];

const ALLOWED_TAGS = [
  ...sanitizeHtml.defaults.allowedTags,
  "img",
  "details",
  "summary",
  "figure",
  "figcaption",
  "span",
  "div",
  "del",
  "ins",
  "kbd",
  "sup",
  "sub",
  "mark",
  "small",
  "input", // markdown task lists render disabled checkboxes
  ...SVG_TAGS,
  ...SVG_TAGS.filter((t) => t !== t.toLowerCase()).map((t) => t.toLowerCase()),
];

/** Attributes that hold URLs: checked against the allowed schemes of their element. */
const URL_ATTRIBUTES = ["href", "src", "cite", "xlink:href", "action", "formaction", "poster", "background", "longdesc", "usemap"];

/** Elements whose URL would be fetched as the page loads: only inline data may go there. */
const FETCHING_ELEMENTS = ["img", "image", "use", "input", "video", "audio", "source", "track"];

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ALLOWED_TAGS,
  allowedAttributes: false, // every attribute except the ones transformTags removes
  allowedSchemes: ["http", "https", "mailto", "data"],
  allowedSchemesByTag: Object.fromEntries(FETCHING_ELEMENTS.map((t) => [t, ["data"]])),
  allowedSchemesAppliedToAttributes: URL_ATTRIBUTES,
  allowProtocolRelative: false,
  parser: { lowerCaseTags: false, lowerCaseAttributeNames: false },
  transformTags: {
    "*": (tagName, attribs) => {
      for (const name of Object.keys(attribs)) {
        const value = attribs[name] ?? "";
        // Event handlers, srcset (a second way to fetch), and URLs whose scheme hides in entities.
        if (/^on/i.test(name) || /^(?:srcset|formaction|ping)$/i.test(name)) delete attribs[name];
        // biome-ignore lint/suspicious/noControlCharactersInRegex: browsers ignore control characters inside a URL's scheme, so they are removed before it is checked
        else if (/^(?:xlink:)?href$|^src$/i.test(name) && /^\s*(?:javascript|vbscript|data:text\/html)/i.test(value.replace(/[\s\u0000-\u001f]/g, "")))
          delete attribs[name];
        else if (name === "style" && REMOTE_CSS.test(value)) attribs[name] = value.replace(REMOTE_CSS_GLOBAL, "none");
      }
      return { tagName, attribs };
    },
  },
};

const REMOTE_CSS = /url\(\s*(['"]?)\s*(?:(?:https?:)?\/\/|javascript:)[^)]*\)|@import/i;
const REMOTE_CSS_GLOBAL = /url\(\s*(['"]?)\s*(?:(?:https?:)?\/\/|javascript:)[^)]*\)|@import[^;]*;?/gi;

/**
 * Removes from `markup` what could run code or load anything: scripts, styles sheets, frames,
 * embedded objects, event-handler attributes, `javascript:` URLs and remote images. Inline SVG,
 * tables and formatting pass through.
 */
export function sanitize(markup: string): string {
  return sanitizeHtml(markup.replace(/<\?xml[\s\S]*?\?>/g, "").replace(/<!DOCTYPE[^>]*>/gi, ""), OPTIONS);
}
