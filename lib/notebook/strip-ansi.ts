/**
 * Terminal colour codes out of kernel text: tracebacks are coloured, and neither a comparison
 * nor an HTML article should see the escapes.
 */

/** Removes ANSI colour codes (tracebacks are coloured). */
export function stripANSI(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escape sequences start with the ESC control character
  return text.replace(/\x1b\[[0-9;]*[A-Za-z]/g, "");
}
