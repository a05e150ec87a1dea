/**
 * Simulated time. `now` counts seconds since the cluster was bootstrapped; the wall-clock moment
 * that second 0 stands for is fixed, so every run prints the same dates.
 */

/** Simulated seconds between the cluster's bootstrap and the first cell: system objects are this old. */
export const BOOTSTRAP_AGE = 600;

/** The wall-clock time of simulated second 0 (used where a tool prints a date). */
export const EPOCH_MS = Date.UTC(2025, 0, 6, 9, 0, 0);
