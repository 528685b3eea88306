/**
 * Points a keyboard and a screen reader can reach: each op point of a roofline is a
 * button named by its numbers, one tab stop per chart (the arrow keys move between
 * points, Home / End jump), Enter or a click selects it (its row in the per-op table),
 * focus shows its numbers.
 */
import type { T } from "../i18n/index.js";
import type { OpPoint } from "./roofline-geometry.js";

export interface PointEvents {
  /** A point chosen (click, Enter, Space): its op's key. */
  readonly onPick: (key: string) => void;
  /** A point focused or hovered (null: none): its numbers shown beside the chart. */
  readonly onFocus: (key: string | null) => void;
  /** The op selected now, marked when the chart is built. */
  readonly selected: string | null;
}

export function wirePoints(
  svg: SVGSVGElement,
  tagged: readonly { el: Element; point: OpPoint }[],
  ev: PointEvents,
  t: T,
): void {
  // Left to right (by intensity), so that the arrow keys follow the chart.
  const list = [...tagged].sort((a, b) => a.point.x - b.point.x || a.point.y - b.point.y);
  list.forEach(({ el, point }, i) => {
    el.setAttribute("data-key", point.key);
    el.setAttribute("data-kind", point.kind);
    el.setAttribute("role", "button");
    el.setAttribute("tabindex", i === 0 ? "0" : "-1");
    el.setAttribute("aria-label", `${point.title.replace(/\n/g, "; ")}. ${t("roofline.pointHint")}`);
    el.classList.add("op-point");
    if (point.key === ev.selected) el.classList.add("selected");
    el.addEventListener("focus", () => ev.onFocus(point.key));
    el.addEventListener("pointerenter", () => ev.onFocus(point.key));
  });
  // Clicks are read on the chart, at the pointer: Plot's sticky tooltip re-renders on
  // pointerdown, so the click's target may be the chart rather than the point.
  svg.addEventListener("click", (e) => {
    const hit = document
      .elementsFromPoint(e.clientX, e.clientY)
      .find((el) => el.classList.contains("op-point"));
    const key = hit?.getAttribute("data-key");
    if (key) ev.onPick(key);
  });
  svg.addEventListener("keydown", (e) => {
    const at = list.findIndex((x) => x.el === document.activeElement);
    if (at < 0) return;
    let to = at;
    if (e.key === "ArrowRight" || e.key === "ArrowDown") to = Math.min(list.length - 1, at + 1);
    else if (e.key === "ArrowLeft" || e.key === "ArrowUp") to = Math.max(0, at - 1);
    else if (e.key === "Home") to = 0;
    else if (e.key === "End") to = list.length - 1;
    else if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      ev.onPick(list[at]!.point.key);
      return;
    } else return;
    e.preventDefault();
    const from = list[at]!.el;
    const next = list[to]!.el as SVGElement;
    from.setAttribute("tabindex", "-1");
    next.setAttribute("tabindex", "0");
    next.focus();
  });
}

/** Mark the selected op's points (no rebuild), e.g. after a row of the table was clicked. */
export function markSelected(root: ParentNode, key: string | null): void {
  for (const el of root.querySelectorAll(".op-point.selected")) el.classList.remove("selected");
  if (key === null) return;
  for (const el of root.querySelectorAll(".op-point"))
    if (el.getAttribute("data-key") === key) el.classList.add("selected");
}
