/**
 * The packet stepper: the one script an exported article inlines when it shows a trace. It finds
 * every trace whose HTML carries its hops as data (`data-podtalk-steps`, written by
 * lib/render/trace-steps.ts) and adds, above the diagram, buttons to walk the hops one by one, a
 * "hop 3 of 6" count, and a panel (aria-live) with the packet before and after the hop, what it
 * changed, the conntrack entry, the VXLAN outer header, the matched rule and the place; the hop's
 * table row and its circle in the diagram are highlighted. Without JavaScript none of this is
 * there and the static diagram and table are the whole story.
 *
 * `stepperMain` must stay self-contained (no imports, no outer helpers): the page inlines its
 * source text (`Function.prototype.toString` of the compiled function) and the page's
 * Content-Security-Policy allows exactly those bytes by their SHA-256 hash.
 */

/** The little of the DOM the stepper uses (the project compiles without the DOM library). */
interface StepperElement {
  className: string;
  id: string;
  textContent: string | null;
  tabIndex: number;
  readonly classList: { add(...names: string[]): void; remove(...names: string[]): void };
  readonly parentNode: StepperElement | null;
  setAttribute(name: string, value: string): void;
  getAttribute(name: string): string | null;
  removeAttribute(name: string): void;
  scrollIntoView(options: { block: "nearest"; inline: "nearest" | "center" }): void;
  appendChild(child: StepperElement): StepperElement;
  insertBefore(child: StepperElement, before: StepperElement | null): StepperElement;
  querySelector(selector: string): StepperElement | null;
  querySelectorAll(selector: string): { readonly length: number; forEach(f: (e: StepperElement, i: number) => void): void };
  addEventListener(type: "click" | "keydown", listener: (event: { key: string; preventDefault(): void }) => void): void;
}

/** The document, as the stepper uses it. */
export interface StepperDocument {
  querySelectorAll(selector: string): { forEach(f: (e: StepperElement, i: number) => void): void };
  createElement(tag: string): StepperElement;
  createElementNS(namespace: string, tag: string): StepperElement;
}

/** What the trace's data attribute holds for each hop (see `StepView` in lib/render/trace-steps.ts). */
interface Step {
  n: number;
  where: string;
  place: string;
  summary: string;
  verdict: string;
  packet: { src: string; dst: string };
  before: { src: string; dst: string };
  after: { src: string; dst: string };
  change?: string;
  outer?: string;
  conntrack?: string;
  rule?: string;
  reason?: string;
  fix?: string;
  circle: { x: number; y: number; r: number };
}

/** Builds the steppers. Inlined as `(source)(document);`. */
export function stepperMain(doc: StepperDocument): void {
  doc.querySelectorAll("[data-podtalk-steps]").forEach((trace, k) => {
    let steps: Step[];
    try {
      steps = JSON.parse(trace.getAttribute("data-podtalk-steps") ?? "[]") as Step[];
    } catch {
      return;
    }
    if (!Array.isArray(steps) || steps.length === 0) return;
    const rows = trace.querySelectorAll("table.podtalk-hops > tbody > tr");
    const figure = trace.querySelector("figure.podtalk-trace-diagram");
    const svg = figure ? figure.querySelector("svg") : null;
    const el = (tag: string, className: string, text?: string): StepperElement => {
      const e = doc.createElement(tag);
      if (className) e.className = className;
      if (text !== undefined) e.textContent = text;
      return e;
    };
    // The ring around the current hop's circle, drawn over the diagram from the layout's positions.
    let ring: StepperElement | null = null;
    if (svg) {
      ring = doc.createElementNS("http://www.w3.org/2000/svg", "circle");
      ring.setAttribute("class", "podtalk-step-ring");
      ring.setAttribute("fill", "none");
      ring.setAttribute("stroke-width", "3");
      ring.setAttribute("aria-hidden", "true");
      svg.appendChild(ring);
    }
    const box = el("div", "podtalk-stepper");
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", "Step through the hops (left and right arrow keys, Home, End)");
    box.tabIndex = 0;
    const bar = el("div", "podtalk-stepper-bar");
    const title = el("span", "podtalk-stepper-title", "Step through");
    const prev = el("button", "podtalk-stepper-prev", "◀ previous");
    prev.setAttribute("type", "button");
    prev.setAttribute("aria-label", "Previous hop");
    const count = el("span", "podtalk-stepper-count");
    const next = el("button", "podtalk-stepper-next", "next ▶");
    next.setAttribute("type", "button");
    next.setAttribute("aria-label", "Next hop");
    bar.appendChild(title);
    bar.appendChild(prev);
    bar.appendChild(count);
    bar.appendChild(next);
    const panel = el("div", "podtalk-stepper-panel");
    panel.setAttribute("aria-live", "polite");
    panel.id = `podtalk-stepper-${k + 1}`;
    box.appendChild(bar);
    box.appendChild(panel);
    trace.insertBefore(box, figure ?? trace.querySelector("table.podtalk-hops"));
    trace.classList.add("podtalk-stepping");

    const same = (a: { src: string; dst: string }, b: { src: string; dst: string }): boolean => a.src === b.src && a.dst === b.dst;
    const addresses = (p: { src: string; dst: string }): string => `${p.src || "?"} → ${p.dst || "?"}`;
    const field = (list: StepperElement, label: string, value: string, className: string, tag: string): void => {
      list.appendChild(el("dt", "", label));
      const dd = el("dd", className);
      dd.appendChild(el(tag, "", value));
      list.appendChild(dd);
    };
    let current = 0;
    // `moved`: the reader stepped (not the first drawing), so a diagram wider than its box scrolls to the hop.
    const show = (i: number, moved = true): void => {
      current = Math.max(0, Math.min(steps.length - 1, i));
      const s = steps[current]!;
      count.textContent = `hop ${s.n} of ${steps.length}`;
      // aria-disabled, not disabled: a button that keeps the focus when the reader reaches either end.
      prev.setAttribute("aria-disabled", String(current === 0));
      next.setAttribute("aria-disabled", String(current === steps.length - 1));
      panel.textContent = "";
      panel.appendChild(el("p", "podtalk-stepper-where", `${s.n}. ${s.where}`));
      const list = el("dl", "podtalk-stepper-fields");
      field(list, "packet", addresses(s.packet), "podtalk-stepper-packet", "code");
      if (!same(s.before, s.after)) field(list, "before → after", `${addresses(s.before)}  ⇒  ${addresses(s.after)}`, "podtalk-stepper-nat", "code");
      if (s.change) field(list, "changed", s.change, "podtalk-stepper-change", "code");
      if (s.outer) field(list, "VXLAN outer header", s.outer, "podtalk-stepper-outer", "code");
      if (s.conntrack) field(list, "conntrack entry", s.conntrack, "podtalk-stepper-conntrack", "code");
      if (s.rule) field(list, "matched rule", s.rule, "podtalk-stepper-rule", "code");
      field(list, "node · device · point", s.place, "podtalk-stepper-place", "span");
      field(list, "what happened", `${s.summary} (${s.verdict})`, "podtalk-stepper-summary", "span");
      if (s.reason) field(list, "why", s.reason, "podtalk-stepper-reason", "span");
      if (s.fix) field(list, "fix", s.fix, "podtalk-stepper-fix", "span");
      panel.appendChild(list);
      rows.forEach((row, r) => {
        if (r === current) {
          row.classList.add("podtalk-current");
          row.setAttribute("aria-current", "step");
        } else {
          row.classList.remove("podtalk-current");
          row.removeAttribute("aria-current");
        }
      });
      if (ring) {
        ring.setAttribute("cx", String(s.circle.x));
        ring.setAttribute("cy", String(s.circle.y));
        ring.setAttribute("r", String(s.circle.r + 4));
        ring.setAttribute("data-hop", String(s.n));
        if (moved) ring.scrollIntoView({ block: "nearest", inline: "nearest" });
      }
    };
    prev.addEventListener("click", () => show(current - 1));
    next.addEventListener("click", () => show(current + 1));
    box.addEventListener("keydown", (event) => {
      const to: Record<string, number> = { ArrowLeft: current - 1, ArrowRight: current + 1, Home: 0, End: steps.length - 1 };
      const target = to[event.key];
      if (target === undefined) return;
      event.preventDefault();
      show(target);
    });
    show(0, false);
  });
}

/** The script's source as the page inlines it. */
export const STEPPER_SCRIPT = `(${stepperMain.toString()})(document);`;
