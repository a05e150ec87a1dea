/**
 * highlight.js with one language loaded at a time: the full bundle registers about 190
 * languages on load (a sixth of a second, more than the export of a notebook), while an article
 * needs one or two.
 */
import hljs from "highlight.js/lib/core";
import type { HLJSApi, LanguageFn } from "highlight.js";

let everything: HLJSApi | undefined;

/**
 * The highlight.js instance that knows `name` (a language name or alias, as in a notebook's
 * `language_info.name`), or undefined when no highlight.js language has that name.
 */
function instanceFor(name: string): HLJSApi | undefined {
  if (hljs.getLanguage(name)) return hljs;
  if (/^[a-z0-9]+$/.test(name)) {
    try {
      hljs.registerLanguage(name, require(`highlight.js/lib/languages/${name}`) as LanguageFn);
      return hljs;
    } catch {
      // Not a language file's name; maybe an alias ("c++", "sh", "py"), which only the full bundle knows.
    }
  }
  everything ??= require("highlight.js") as HLJSApi;
  return everything.getLanguage(name) ? everything : undefined;
}

/** True when highlight.js knows the language `name`. */
export function hasLanguage(name: string): boolean {
  return instanceFor(name) !== undefined;
}

/** `code` as highlight.js HTML in `language` (illegal syntax is kept, not rejected). */
export function highlight(code: string, language: string): string {
  const instance = instanceFor(language);
  if (!instance) throw new Error(`highlight.js has no language "${language}"`);
  return instance.highlight(code, { language, ignoreIllegals: true }).value;
}
