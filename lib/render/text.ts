/**
 * Plain text as a displayable value: describe output, rule listings, verbs' confirmations.
 */
import { JUPYTER_DISPLAY, type MimeBundle } from "./mime.js";

/** Plain text that displays as itself (describe output, rule listings). */
export class Text {
  readonly text: string;

  constructor(text: string) {
    this.text = text;
  }

  toString(): string {
    return this.text;
  }

  [JUPYTER_DISPLAY](): MimeBundle {
    return { "text/plain": this.text.replace(/\n$/, "") };
  }
}
