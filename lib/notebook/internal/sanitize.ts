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
      const fetching = FETCHING_ELEMENTS.includes(tagName.toLowerCase());
      for (const name of Object.keys(attribs)) {
        const value = attribs[name] ?? "";
        // biome-ignore lint/suspicious/noControlCharactersInRegex: browsers ignore control characters inside a URL's scheme, so they are removed before it is checked
        const url = value.replace(/[\s\u0000-\u001f]/g, "");
        // Event handlers, srcset (a second way to fetch), and URLs whose scheme hides in entities.
        if (/^on/i.test(name) || /^(?:srcset|formaction|ping)$/i.test(name)) delete attribs[name];
        else if (/^(?:xlink:)?href$|^src$/i.test(name) && /^(?:javascript|vbscript|data:text\/html)/i.test(url)) delete attribs[name];
        // What the browser loads as the page loads: inline data only (and, for <use>, a fragment).
        // A relative URL has no scheme for sanitize-html to refuse, and would be fetched from the page's own server.
        else if (
          (ALWAYS_FETCHED.test(name) || (fetching && /^(?:xlink:)?href$/i.test(name))) &&
          !/^data:/i.test(url) &&
          !(url.startsWith("#") && name !== "src")
        )
          delete attribs[name];
        else if (!TEXT_ATTRIBUTES.test(name) && cssFetches(value)) {
          // A style keeps what does not fetch; any other attribute (SVG's fill, filter, mask, …) goes.
          const kept = name === "style" ? value.replace(REMOTE_CSS_GLOBAL, (match, _q, target: string) => (isLocal(target) ? match : "none")) : "";
          if (kept && !cssFetches(kept)) attribs[name] = kept;
          else delete attribs[name];
        }
      }
      return { tagName, attribs };
    },
  },
};

/** Attributes that hold text, never CSS: "an image(1)" in a title loads nothing. */
const TEXT_ATTRIBUTES = /^(?:alt|title|aria-[\w-]+|data-[\w-]+|class|id|name|value|placeholder)$/i;

/** Attributes whose URL is loaded as the page loads, on whichever element they are. */
const ALWAYS_FETCHED = /^(?:src|background|poster|lowsrc|dynsrc|data|codebase|archive|manifest)$/i;

/** CSS url() references and \@import, with the url's target as the second group. */
const REMOTE_CSS_GLOBAL = /url\(\s*(['"]?)\s*([^'")]*)\1\s*\)|@import[^;]*;?/gi;

/** A url() target that loads nothing: a fragment of the page itself, or inline data. */
function isLocal(target: string | undefined): boolean {
  return target !== undefined && /^\s*(?:#|data:)/i.test(target);
}

/**
 * Whether a CSS value (a style attribute, or an SVG presentation attribute such as
 * `fill="url(…)"`) would fetch anything: a url() that is not a fragment or data, image-set(),
 * \@import. CSS escapes (`\68ttp`, `u\72l(`) and comments are undone first, as a browser would.
 * @see https://www.w3.org/TR/css-syntax-3/#consume-escaped-code-point
 */
function cssFetches(value: string): boolean {
  if (!/[(@\\]/.test(value)) return false;
  const css = value
    .replace(/\/\*[\s\S]*?(?:\*\/|$)/g, "")
    .replace(/\\([0-9a-f]{1,6})[ \t\n\f\r]?|\\([^\n0-9a-f])/gi, (_, hex: string | undefined, char: string | undefined) => {
      if (char !== undefined) return char;
      const code = Number.parseInt(hex!, 16);
      return code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) ? "\ufffd" : String.fromCodePoint(code);
    });
  if (/@import|(?:^|[^\w-])(?:-webkit-)?(?:image-set|cross-fade|element|image|expression)\(/i.test(css)) return true;
  for (const match of css.matchAll(/url\(\s*(['"]?)\s*([^'")]*)/gi)) if (!isLocal(match[2])) return true;
  return false;
}

/**
 * Removes from `markup` what could run code or load anything: scripts, styles sheets, frames,
 * embedded objects, event-handler attributes, `javascript:` URLs and remote images. Inline SVG,
 * tables and formatting pass through.
 */
export function sanitize(markup: string): string {
  return sanitizeHtml(markup.replace(/<\?xml[\s\S]*?\?>/g, "").replace(/<!DOCTYPE[^>]*>/gi, ""), OPTIONS);
}
