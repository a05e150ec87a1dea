/**
 * The date formats tools and kubectl print, from one table of day and month names. Pure: every
 * function takes the instant (epoch milliseconds or a Date) and formats it in UTC, so output never
 * depends on the machine's time zone or locale.
 */

/** An instant: milliseconds since the Unix epoch, or a Date. */
export type Instant = number | Date;

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;

interface UTCFields {
  readonly day: string;
  readonly month: string;
  readonly date: string;
  readonly year: number;
  readonly time: string;
}

function utcFields(at: Instant): UTCFields {
  const d = typeof at === "number" ? new Date(at) : at;
  const pad = (n: number) => String(n).padStart(2, "0");
  return {
    day: WEEKDAYS[d.getUTCDay()]!,
    month: MONTHS[d.getUTCMonth()]!,
    date: pad(d.getUTCDate()),
    year: d.getUTCFullYear(),
    time: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`,
  };
}

/**
 * RFC 1123 with a numeric zone, as kubectl describe prints times (Go's `time.RFC1123Z`).
 *
 * @example formatRFC1123Z(Date.UTC(2025, 0, 6, 9, 10)) // "Mon, 06 Jan 2025 09:10:00 +0000"
 */
export function formatRFC1123Z(at: Instant): string {
  const f = utcFields(at);
  return `${f.day}, ${f.date} ${f.month} ${f.year} ${f.time} +0000`;
}

/**
 * An HTTP `Date:` header value (RFC 9110's IMF-fixdate), as web servers send it.
 *
 * @example formatHTTPDate(Date.UTC(2025, 0, 6, 9, 10)) // "Mon, 06 Jan 2025 09:10:00 GMT"
 */
export function formatHTTPDate(at: Instant): string {
  const f = utcFields(at);
  return `${f.day}, ${f.date} ${f.month} ${f.year} ${f.time} GMT`;
}

/**
 * dig's `;; WHEN:` line (the C library's `ctime` layout with the zone name before the year).
 *
 * @example formatDigDate(Date.UTC(2025, 0, 6, 9, 10)) // "Mon Jan 06 09:10:00 UTC 2025"
 */
export function formatDigDate(at: Instant): string {
  const f = utcFields(at);
  return `${f.day} ${f.month} ${f.date} ${f.time} UTC ${f.year}`;
}
