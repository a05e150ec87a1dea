/**
 * The text of a JavaScript file with each character beyond Latin-1 (U+0100 and up) replaced by
 * "?", when every such character is in a comment: the same length and lines, and the same
 * program. Otherwise undefined: one in a string, a regular expression or a name would change
 * what the code does, and a text the parser cannot read is left as it is.
 *
 * scripts/ts-startup-snapshot.cjs gives tslab's typescript.js to the startup snapshot this way:
 * V8 keeps a script's source with two bytes a character when any character needs more than one.
 *
 * @param {string} text the file's text
 * @param {(text: string, options: object) => unknown} parse acorn's `parse`
 * @returns {string | undefined}
 */
function commentsToLatin1(text, parse) {
  const wide = [...text.matchAll(/[\u0100-\uffff]/g)].map((m) => m.index);
  if (wide.length === 0) return undefined;
  const comments = [];
  try {
    parse(text, {
      ecmaVersion: "latest",
      sourceType: "script",
      allowHashBang: true,
      onComment: (_block, _text, start, end) => comments.push([start, end]),
    });
  } catch {
    return undefined;
  }
  if (!wide.every((at) => comments.some(([start, end]) => start <= at && at < end))) return undefined;
  return text.replace(/[\u0100-\uffff]/g, "?");
}

module.exports = { commentsToLatin1 };
