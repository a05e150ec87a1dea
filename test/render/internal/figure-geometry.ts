/**
 * The geometry of a drawn figure, for checks a reader would make with their eyes: which boxes
 * there are, where each line runs, where each label sits. Read either from a Vega-Lite spec's
 * data (rect, rule, line and text layers at pixel positions, `scale: null`) or from the static SVG
 * vega renders from it (for figures that reach a notebook only as HTML, such as a diff's picture).
 */

/** An axis-aligned rectangle in picture pixels. */
export interface Rect {
  readonly what: string;
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** A line drawn as straight segments from its first point to its last. */
export interface Polyline {
  readonly what: string;
  readonly points: readonly Point[];
}

export interface FigureGeometry {
  readonly boxes: readonly Rect[];
  readonly lines: readonly Polyline[];
  /** Each text label's box, estimated from its length (monospace: 0.6 em per character). */
  readonly labels: readonly Rect[];
}

/** Sub-pixel slack: a line that runs along a box's border or ends on it does not enter it. */
const EPSILON = 0.5;
/** Width of a monospace character, in em. */
const CHAR_EM = 0.6;

type Row = Record<string, unknown>;
interface Layer {
  readonly mark?: string | { readonly type?: string; readonly fontSize?: number; readonly align?: string; readonly baseline?: string };
  readonly data?: { readonly values?: readonly Row[] };
  readonly encoding?: Record<string, { readonly field?: string } | undefined>;
  readonly layer?: readonly Layer[];
}

const num = (row: Row, field: string | undefined): number => Number(field === undefined ? Number.NaN : row[field]);

function labelRect(text: string, x: number, y: number, fontSize: number, align = "left", baseline = "top"): Rect {
  const width = [...text].length * CHAR_EM * fontSize;
  const left = align === "center" ? x - width / 2 : align === "right" ? x - width : x;
  const top = baseline === "middle" ? y - fontSize / 2 : baseline === "top" ? y : y - fontSize;
  return { what: `label "${text}"`, left, top, right: left + width, bottom: top + fontSize };
}

/** The boxes, lines and labels of a layered Vega-Lite spec whose positions are pixels. */
export function geometryFromSpec(spec: unknown): FigureGeometry {
  const boxes: Rect[] = [];
  const lines: Polyline[] = [];
  const labels: Rect[] = [];
  const visit = (layer: Layer) => {
    for (const child of layer.layer ?? []) visit(child);
    const type = typeof layer.mark === "string" ? layer.mark : layer.mark?.type;
    const rows = layer.data?.values ?? [];
    const f = (channel: string) => layer.encoding?.[channel]?.field;
    const name = (row: Row, i: number) => String(row["id"] ?? row["from"] ?? `${type} ${i}`);
    if (type === "rect") {
      rows.forEach((row, i) => {
        const [x, x2, y, y2] = [num(row, f("x")), num(row, f("x2")), num(row, f("y")), num(row, f("y2"))];
        boxes.push({ what: name(row, i), left: Math.min(x, x2), right: Math.max(x, x2), top: Math.min(y, y2), bottom: Math.max(y, y2) });
      });
    } else if (type === "rule") {
      rows.forEach((row, i) => {
        lines.push({
          what: `${name(row, i)} → ${String(row["to"] ?? "")}`,
          points: [
            { x: num(row, f("x")), y: num(row, f("y")) },
            { x: num(row, f("x2")), y: num(row, f("y2")) },
          ],
        });
      });
    } else if (type === "line") {
      const groups = new Map<string, Row[]>();
      for (const row of rows) {
        const key = String(row[f("detail") ?? ""] ?? row[f("color") ?? ""] ?? "");
        groups.set(key, [...(groups.get(key) ?? []), row]);
      }
      for (const [key, group] of groups) {
        const order = f("order");
        const sorted = order === undefined ? group : [...group].sort((a, b) => num(a, order) - num(b, order));
        const first = sorted[0]!;
        lines.push({
          what: first["from"] !== undefined ? `${String(first["from"])} → ${String(first["to"])}` : `line ${key}`,
          points: sorted.map((row) => ({ x: num(row, f("x")), y: num(row, f("y")) })),
        });
      }
    } else if (type === "text") {
      const mark = typeof layer.mark === "object" ? layer.mark : {};
      for (const row of rows) {
        labels.push(labelRect(String(row[f("text") ?? ""] ?? ""), num(row, f("x")), num(row, f("y")), mark.fontSize ?? 11, mark.align, mark.baseline));
      }
    }
  };
  visit(spec as Layer);
  return { boxes, lines, labels };
}

/** The numbers of an SVG path's points, absolute, for the commands vega writes (M L H V C Z and their relative forms). */
function pathPoints(d: string): Point[] {
  const points: Point[] = [];
  let x = 0;
  let y = 0;
  for (const [, command, args] of d.matchAll(/([MLHVCZmlhvcz])([^MLHVCZmlhvcz]*)/g)) {
    const n = (args ?? "").match(/-?[\d.]+(?:e-?\d+)?/g)?.map(Number) ?? [];
    const rel = command === command!.toLowerCase();
    const c = command!.toUpperCase();
    if (c === "H") {
      for (const v of n) {
        x = rel ? x + v : v;
        points.push({ x, y });
      }
    } else if (c === "V") {
      for (const v of n) {
        y = rel ? y + v : v;
        points.push({ x, y });
      }
    } else if (c === "M" || c === "L") {
      for (let i = 0; i + 1 < n.length; i += 2) {
        [x, y] = rel ? [x + n[i]!, y + n[i + 1]!] : [n[i]!, n[i + 1]!];
        points.push({ x, y });
      }
    } else if (c === "C") {
      // Two control points and an end point per curve; a rounded corner's control points stay
      // inside its box, so all three count for a bounding box, and the pen moves to the end.
      for (let i = 0; i + 5 < n.length; i += 6) {
        const curve = [0, 2, 4].map((k) => ({ x: (rel ? x : 0) + n[i + k]!, y: (rel ? y : 0) + n[i + k + 1]! }));
        points.push(...curve);
        [x, y] = [curve[2]!.x, curve[2]!.y];
      }
    }
  }
  return points;
}

const attribute = (tag: string, name: string): string | undefined => tag.match(new RegExp(`\\s${name}="([^"]*)"`))?.[1];

function translation(tag: string): Point {
  const m = attribute(tag, "transform")?.match(/translate\(\s*(-?[\d.]+)[ ,]+(-?[\d.]+)\s*\)/);
  return m ? { x: Number(m[1]), y: Number(m[2]) } : { x: 0, y: 0 };
}

/** The boxes, lines and labels of a static SVG that vega rendered (rect, rule, line and text marks). */
export function geometryFromSVG(svg: string): FigureGeometry {
  const boxes: Rect[] = [];
  const lines: Polyline[] = [];
  const labels: Rect[] = [];
  // A stack of open <g> elements: the mark type each belongs to and its offset.
  const stack: { mark: string | undefined; origin: Point }[] = [{ mark: undefined, origin: { x: 0, y: 0 } }];
  const top = () => stack[stack.length - 1]!;
  for (const m of svg.matchAll(/<(\/?)(g|path|line|text)\b([^>]*?)(\/?)>(?:([^<]*)<\/text>)?/g)) {
    const [, closing, tagName, attrs = "", selfClosing, content] = m;
    if (tagName === "g") {
      if (closing) stack.pop();
      else {
        const mark = attribute(attrs, "class")?.match(/\bmark-(\w+) role-mark\b/)?.[1] ?? top().mark;
        const t = translation(attrs);
        stack.push({ mark, origin: { x: top().origin.x + t.x, y: top().origin.y + t.y } });
        if (selfClosing) stack.pop();
      }
      continue;
    }
    const { mark, origin } = top();
    if (attribute(attrs, "class") === "background" || attribute(attrs, "class") === "foreground") continue;
    const t = translation(attrs);
    const ox = origin.x + t.x;
    const oy = origin.y + t.y;
    if (tagName === "path" && (mark === "rect" || mark === "line")) {
      const points = pathPoints(attribute(attrs, "d") ?? "").map((p) => ({ x: p.x + ox, y: p.y + oy }));
      if (points.length === 0) continue;
      if (mark === "rect") {
        const xs = points.map((p) => p.x);
        const ys = points.map((p) => p.y);
        boxes.push({ what: `rect ${boxes.length + 1}`, left: Math.min(...xs), right: Math.max(...xs), top: Math.min(...ys), bottom: Math.max(...ys) });
      } else lines.push({ what: `line ${lines.length + 1}`, points });
    } else if (tagName === "line" && mark === "rule") {
      lines.push({
        what: `rule ${lines.length + 1}`,
        points: [
          { x: ox + Number(attribute(attrs, "x1") ?? 0), y: oy + Number(attribute(attrs, "y1") ?? 0) },
          { x: ox + Number(attribute(attrs, "x2") ?? 0), y: oy + Number(attribute(attrs, "y2") ?? 0) },
        ],
      });
    } else if (tagName === "text" && content !== undefined && content.trim() !== "") {
      const text = content
        .replace(/&lt;/g, "<")
        .replace(/&gt;/g, ">")
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&amp;/g, "&");
      const size = Number.parseFloat(attribute(attrs, "font-size") ?? "11");
      const anchor = attribute(attrs, "text-anchor");
      // vega writes a top baseline as a dy of about 0.8 em on an alphabetic baseline.
      const dy = Number.parseFloat(attribute(attrs, "dy") ?? "0");
      labels.push(labelRect(text, ox, oy + dy - size * 0.8, size, anchor === "middle" ? "center" : anchor === "end" ? "right" : "left", "top"));
    }
  }
  return { boxes, lines, labels };
}

const contains = (r: Rect, p: Point) => p.x >= r.left - EPSILON && p.x <= r.right + EPSILON && p.y >= r.top - EPSILON && p.y <= r.bottom + EPSILON;

/** True when segment a–b passes through the inside of `r` shrunk by EPSILON (Liang–Barsky clipping). */
export function segmentEnters(a: Point, b: Point, r: Rect): boolean {
  const [left, right, top, bottom] = [r.left + EPSILON, r.right - EPSILON, r.top + EPSILON, r.bottom - EPSILON];
  if (left >= right || top >= bottom) return false;
  let t0 = 0;
  let t1 = 1;
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  for (const [p, q] of [
    [-dx, a.x - left],
    [dx, right - a.x],
    [-dy, a.y - top],
    [dy, bottom - a.y],
  ] as const) {
    if (p === 0) {
      if (q <= 0) return false;
    } else {
      const t = q / p;
      if (p < 0) t0 = Math.max(t0, t);
      else t1 = Math.min(t1, t);
    }
  }
  return t0 < t1;
}

const show = (r: Rect) => `${r.what} [${r.left.toFixed(1)},${r.top.toFixed(1)} – ${r.right.toFixed(1)},${r.bottom.toFixed(1)}]`;

/**
 * Every place where a line passes through a box that is not one of its ends, or through a label.
 * A line's ends are the boxes its first and last points lie in (or on): the Service it leaves, the
 * Pod it reaches and the node that holds that Pod. Lines that start and end in no box (a legend's
 * samples) must simply stay clear of every box.
 */
export function falseLinks(figure: FigureGeometry): string[] {
  const problems: string[] = [];
  for (const line of figure.lines) {
    const first = line.points[0];
    const last = line.points[line.points.length - 1];
    if (!first || !last) continue;
    const ends = new Set(figure.boxes.filter((b) => contains(b, first) || contains(b, last)));
    for (let i = 0; i + 1 < line.points.length; i++) {
      const a = line.points[i]!;
      const b = line.points[i + 1]!;
      for (const box of figure.boxes) if (!ends.has(box) && segmentEnters(a, b, box)) problems.push(`${line.what} crosses ${show(box)}`);
      for (const label of figure.labels) if (segmentEnters(a, b, label)) problems.push(`${line.what} crosses ${show(label)}`);
    }
  }
  return [...new Set(problems)];
}
