/**
 * @module
 * Notebooks to self-contained HTML: an article per notebook and an index page. Markdown,
 * highlighting, math and sanitising live in ../internal and are not exported.
 */
export { exportFailedNotebook, exportNotebook, notebookTitle } from "./article.js";
export { sanitizeMarkup } from "./cells.js";
export { ExportError } from "./export-error.js";
export { articleMinutes, exportIndex } from "./index-page.js";
export type { ArticleLink, ExportOptions, IndexOptions } from "./options.js";
