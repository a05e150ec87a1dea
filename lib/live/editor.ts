/**
 * The cell editor: CodeMirror 6 with TypeScript highlighting, undo history, bracket matching and
 * Shift+Enter to run the cell (as in Jupyter). Tokens get highlight.js's class names, so the page's
 * highlight.js theme (light and dark, the colours the static article's code has, which meet WCAG's
 * contrast) colours the editor too.
 */
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { javascript } from "@codemirror/lang-javascript";
import { bracketMatching, indentOnInput, syntaxHighlighting } from "@codemirror/language";
import { EditorState } from "@codemirror/state";
import { drawSelection, EditorView, keymap, lineNumbers } from "@codemirror/view";
import { tagHighlighter, tags } from "@lezer/highlight";

/** Lezer's highlighting tags as highlight.js's classes (see highlight.js/styles/github.css). */
const HLJS_CLASSES = tagHighlighter([
  { tag: [tags.keyword, tags.modifier, tags.controlKeyword, tags.operatorKeyword, tags.definitionKeyword, tags.moduleKeyword], class: "hljs-keyword" },
  { tag: [tags.string, tags.special(tags.string), tags.regexp], class: "hljs-string" },
  { tag: [tags.comment, tags.lineComment, tags.blockComment], class: "hljs-comment" },
  { tag: [tags.number, tags.bool, tags.null, tags.atom], class: "hljs-literal" },
  { tag: [tags.function(tags.variableName), tags.function(tags.propertyName), tags.className, tags.typeName], class: "hljs-title" },
  { tag: [tags.standard(tags.variableName), tags.self], class: "hljs-built_in" },
]);

/** A cell's editor, mounted in place of `replaced` (the static code block, kept for no-script readers). */
export function mountEditor(replaced: Element, source: string, label: string, run: () => void): EditorView {
  const view = new EditorView({
    state: EditorState.create({
      doc: source,
      extensions: [
        lineNumbers(),
        history(),
        drawSelection(),
        indentOnInput(),
        bracketMatching(),
        syntaxHighlighting(HLJS_CLASSES),
        javascript({ typescript: true }),
        keymap.of([
          {
            key: "Shift-Enter",
            run: () => {
              run();
              return true;
            },
          },
          indentWithTab,
          ...defaultKeymap,
          ...historyKeymap,
        ]),
        // An explicit tabindex: the editor is the focusable content of its scrolling box.
        EditorView.contentAttributes.of({ "aria-label": label, tabindex: "0" }),
        EditorView.theme({ "&": { fontSize: "0.9em" }, ".cm-content": { fontFamily: "var(--mono, ui-monospace, monospace)" } }),
      ],
    }),
  });
  replaced.replaceWith(view.dom);
  return view;
}
