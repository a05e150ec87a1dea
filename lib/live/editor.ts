/**
 * The cell editor: CodeMirror 6 with TypeScript highlighting, undo history, bracket matching and
 * Shift+Enter to run the cell (as in Jupyter).
 */
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { javascript } from "@codemirror/lang-javascript";
import { bracketMatching, defaultHighlightStyle, indentOnInput, syntaxHighlighting } from "@codemirror/language";
import { EditorState } from "@codemirror/state";
import { drawSelection, EditorView, highlightActiveLine, keymap, lineNumbers } from "@codemirror/view";

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
        highlightActiveLine(),
        syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
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
        EditorView.contentAttributes.of({ "aria-label": label }),
        EditorView.theme({ "&": { fontSize: "0.9em" }, ".cm-content": { fontFamily: "var(--mono, ui-monospace, monospace)" } }),
      ],
    }),
  });
  replaced.replaceWith(view.dom);
  return view;
}
