/**
 * Durations: Go-style duration strings in, kubectl's human-readable ages out.
 */
import { safeString } from "./messages.js";
import { ErrorCode, PodtalkError } from "./errors.js";

const UNIT_SECONDS: Readonly<Record<string, number>> = { ms: 0.001, s: 1, m: 60, h: 3600 };

/**
 * Parses a Go duration such as `30s`, `1m30s`, `2h` or `500ms` into seconds.
 *
 * @example parseDuration("1m30s") // 90
 * @throws PodtalkError (BadRequest) naming the value and the accepted form
 */
export function parseDuration(text: string): number {
  if (typeof text !== "string") {
    throw new PodtalkError(
      ErrorCode.BadRequest,
      `Invalid duration ${Array.isArray(text) ? "(a list)" : safeString(text)}: use a string with a unit, such as "30s", "5m", "1m30s" or "2h", or a number of seconds`,
    );
  }
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/y;
  let total = 0;
  let at = 0;
  const trimmed = text.trim();
  while (at < trimmed.length) {
    re.lastIndex = at;
    const m = re.exec(trimmed);
    if (!m) break;
    total += Number(m[1]) * UNIT_SECONDS[m[2]!]!;
    at = re.lastIndex;
  }
  if (trimmed.length === 0 || at !== trimmed.length) {
    throw new PodtalkError(ErrorCode.BadRequest, `Invalid duration "${text}": use a number with a unit, such as "30s", "5m", "1m30s" or "2h"`);
  }
  if (!(total <= MAX_DURATION_SECONDS)) throw new PodtalkError(ErrorCode.BadRequest, durationOutOfRange(text));
  return total;
}

/**
 * The longest duration, in seconds: Go's time.Duration counts nanoseconds in an int64, and
 * time.ParseDuration refuses anything longer ("time: invalid duration").
 */
export const MAX_DURATION_SECONDS = 9223372036.854774;

/** The message for a duration longer than Go's longest (`text` as given: a string or a number). */
export function durationOutOfRange(duration: string | number): string {
  const shown = typeof duration === "string" ? JSON.stringify(duration.length > 40 ? `${duration.slice(0, 40)}…` : duration) : String(duration);
  return `Invalid duration ${shown}: out of range; the longest is 2562047h47m16s (about 292 years, Go's time.Duration), so use one such as "30s", "5m" or "2h"`;
}

/**
 * kubectl's AGE format (apimachinery `duration.HumanDuration`): `45s`, `2m30s`, `15m`, `3h20m`, `5d`.
 *
 * @see https://github.com/kubernetes/apimachinery/blob/master/pkg/util/duration/duration.go
 */
export function humanDuration(seconds: number): string {
  const s = Math.floor(seconds);
  if (s < -1) return "<invalid>";
  if (s < 0) return "0s";
  if (s < 120) return `${s}s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 10) {
    const rest = s % 60;
    return rest === 0 ? `${minutes}m` : `${minutes}m${rest}s`;
  }
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(s / 3600);
  if (hours < 8) {
    const rest = minutes % 60;
    return rest === 0 ? `${hours}h` : `${hours}h${rest}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.floor(hours / 24) % 365;
    const y = Math.floor(hours / 24 / 365);
    return dy === 0 ? `${y}y` : `${y}y${dy}d`;
  }
  return `${Math.floor(hours / 24 / 365)}y`;
}

/** Go's `time.Duration` text for whole seconds: `10s`, `1m20s`, `5m0s`. */
export function formatGoDuration(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return m > 0 ? `${m}m${s}s` : `${s}s`;
}
