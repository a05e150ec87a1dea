/**
 * The options of the HTML exporter: per article and for the index page.
 */

/** Options for exportNotebook(). */
export interface ExportOptions {
  /** The title when the notebook has neither `metadata.title` nor an H1. @default "Untitled" */
  readonly fallbackTitle?: string;
  /**
   * Folder that relative image paths in markdown are resolved against (the notebook's folder).
   * Only regular files inside it, once symlinks are resolved, of at most 10 MiB are embedded;
   * without it no local image is.
   */
  readonly baseDir?: string;
  /**
   * Told about what the notebook holds that the article leaves out, and why: an image its markdown
   * names that is not embedded, an output's text beyond 1 MiB. The message names the cell.
   */
  readonly onWarning?: (message: string) => void;
  /** A link back to the index page, e.g. "index.html". */
  readonly indexHref?: string;
  /** Previous and next articles, for navigation at the end of the page. */
  readonly previous?: ArticleLink;
  readonly next?: ArticleLink;
  /** Leave out every code input (an article without code). @default false */
  readonly noInput?: boolean;
  /** Charts become interactive Vega-Lite views (vega-embed inlined), the static SVG as fallback. @default false */
  readonly interactive?: boolean;
  /**
   * Trust the notebook: its HTML (in outputs and markdown) is inlined as is, scripts included,
   * instead of sanitised. Only for notebooks whose every output you would run yourself. @default false
   */
  readonly trust?: boolean;
  /**
   * Show the cells tagged `verify` (those that run `check()`s), input and output; by default an
   * article leaves them out whole, as if tagged `remove-cell`. @default false
   */
  readonly showChecks?: boolean;
  /**
   * The learner's build: cells tagged `solution` are absent from the page (not hidden: their
   * source and outputs are nowhere in it). By default (the instructor's build) each solution is
   * folded in a `<details>` under "Solution". @default false
   */
  readonly student?: boolean;
  /**
   * A live article: code cells become editors with a Run button and run in the reader's browser
   * (the notebook's own code, bundled podtalk, no kernel); see docs/live-articles.md. Never the
   * default: only for notebooks whose code you would run yourself. @default false
   */
  readonly live?: boolean;
  /**
   * With `live`: the runtime's file name, relative to the article, to load it from one file that
   * a course's articles share; without it the runtime is inlined into the page.
   */
  readonly liveRuntimeHref?: string;
}

/** A link to an article, as listed on the index page. */
export interface ArticleLink {
  readonly title: string;
  /** The article's URL relative to the page linking it, percent-encoded (a file name `a#1.html` is `a%231.html`). */
  readonly href: string;
  /** The number the notebook's file name starts with ("00" for `00-pods.ipynb`), shown before the title. */
  readonly number?: string;
  /** How long the article takes, in minutes (see articleMinutes()). */
  readonly minutes?: number;
  /** The notebook's URL relative to the index page, percent-encoded: a download link. */
  readonly notebookHref?: string;
}

/** Options for exportIndex(). */
export interface IndexOptions {
  /** @default "Notebooks" */
  readonly title?: string;
  /** A paragraph of plain text under the title. */
  readonly description?: string;
  /** The course's introduction, in markdown (no raw HTML): who it is for, what it needs. */
  readonly introduction?: string;
}
