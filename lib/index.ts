/**
 * @module
 * podtalk: a simulated Kubernetes cluster for notebooks that teach how Pods communicate.
 *
 * The package entry. Notebooks import from here (`import { Cluster } from "podtalk"`); nothing
 * under an `internal/` folder is exported.
 */
export { JUPYTER_DISPLAY, isDisplayable, mimeBundleOf } from "./render/mime.js";
export type { Displayable, MimeBundle } from "./render/mime.js";
