/**
 * Terminal colour codes out of kernel text: tracebacks are coloured, and neither a comparison
 * nor an HTML article should see the escapes.
 */

/** Removes ANSI colour codes (tracebacks are coloured). */
export function stripANSI(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;]*[A-Za-z]/g, "");
}
