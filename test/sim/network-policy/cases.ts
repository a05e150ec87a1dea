/**
 * Every ported NetworkPolicy conformance case, and what was left out: the upstream e2e suite's
 * (cases-e2e-ingress.ts, cases-e2e-egress.ts), then cyclonus's (cases-cyclonus.ts).
 */
import { CYCLONUS_CASES, CYCLONUS_NOT_PORTED } from "./cases-cyclonus.js";
import { E2E_EGRESS_CASES, E2E_NOT_PORTED } from "./cases-e2e-egress.js";
import { E2E_INGRESS_CASES } from "./cases-e2e-ingress.js";
import type { ConformanceCase } from "./netpol-cases.js";

export const CONFORMANCE_CASES: readonly ConformanceCase[] = [...E2E_INGRESS_CASES, ...E2E_EGRESS_CASES, ...CYCLONUS_CASES];

/** Upstream tests and generated cases not ported, with the reason. */
export const NOT_PORTED: readonly { readonly name: string; readonly why: string }[] = [...E2E_NOT_PORTED, ...CYCLONUS_NOT_PORTED];
