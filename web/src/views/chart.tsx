/** The chart host: mounts a built chart (Observable Plot's SVG) with its legend and SVG/PNG downloads. */

import type { JSX } from "preact";
import { useEffect, useLayoutEffect, useRef } from "preact/hooks";
import type { BuiltChart, LegendItem } from "../charts/common.js";
import { downloadBlob, downloadText, standaloneSvg, svgText, svgToPng } from "../export.js";
import type { T } from "../i18n/index.js";

/**
 * A chart, with its legend and SVG/PNG downloads. It is built in a layout effect (on
 * screen in the same frame as the rest of the update), but only while it is in or near
 * the viewport: a chart scrolled out of view is marked stale and built when it returns.
 */
export function Chart(p: {
  name: string;
  file: string;
  build: () => BuiltChart;
  deps: readonly unknown[];
  testid: string;
  t: T;
  note?: string;
}): JSX.Element {
  const fig = useRef<HTMLElement>(null);
  const host = useRef<HTMLDivElement>(null);
  const legendHost = useRef<HTMLDivElement>(null);
  const built = useRef<BuiltChart | null>(null);
  const stale = useRef(true);
  const visible = useRef(false);
  const legendKey = useRef("");
  const buildRef = useRef(p.build);
  buildRef.current = p.build;

  const draw = (): BuiltChart => {
    const t0 = performance.now();
    const b = buildRef.current();
    built.current = b;
    stale.current = false;
    host.current?.replaceChildren(b.svg);
    const key = JSON.stringify(b.legend);
    if (key !== legendKey.current && legendHost.current) {
      legendKey.current = key;
      legendHost.current.replaceChildren(...legendItems(b.legend));
    }
    fig.current?.setAttribute("data-built", "true");
    const rl = window.__ridgeline;
    if (rl) rl.chartMs = (rl.chartMs ?? 0) + performance.now() - t0;
    return b;
  };

  useLayoutEffect(() => {
    stale.current = true;
    if (visible.current) draw();
    else fig.current?.setAttribute("data-built", "false");
  }, p.deps);

  useEffect(() => {
    // The panel is observed, not the figure: a panel out of view skips rendering
    // (content-visibility), and its contents then have no box to intersect.
    const el = fig.current?.closest("section") ?? fig.current;
    if (!el) return;
    const io = new IntersectionObserver(
      (entries) => {
        visible.current = entries.some((e) => e.isIntersecting);
        if (visible.current && stale.current) draw();
      },
      { rootMargin: "400px 0px" },
    );
    io.observe(el);
    return () => io.disconnect();
  }, []);

  const current = (): BuiltChart => (stale.current || !built.current ? draw() : built.current);
  const exportSvg = () => {
    const b = current();
    const { svg } = standaloneSvg(b.svg, p.name, b.legend);
    downloadText(svgText(svg), `${p.file}.svg`, "image/svg+xml");
  };
  const exportPng = async () => {
    const b = current();
    const { svg, width, height } = standaloneSvg(b.svg, p.name, b.legend);
    downloadBlob(await svgToPng(svg, width, height), `${p.file}.png`);
  };
  return (
    <figure class="chart" data-testid={p.testid} data-built="false" ref={fig}>
      <figcaption>
        <span class="chart-name">{p.name}</span>
        <span class="chart-actions">
          <button
            type="button"
            class="small"
            aria-label={p.t("export.svgOf", { chart: p.name })}
            data-testid={`${p.testid}-svg`}
            onClick={exportSvg}
          >
            {p.t("export.svg")}
          </button>
          <button
            type="button"
            class="small"
            aria-label={p.t("export.pngOf", { chart: p.name })}
            data-testid={`${p.testid}-png`}
            onClick={() => void exportPng()}
          >
            {p.t("export.png")}
          </button>
        </span>
      </figcaption>
      <div class="chart-svg" ref={host} />
      <div ref={legendHost} />
      {p.note ? <p class="hint">{p.note}</p> : null}
    </figure>
  );
}

/** Legend as plain DOM (it is rebuilt only when its items change). */
function legendItems(items: readonly LegendItem[]): HTMLElement[] {
  if (items.length === 0) return [];
  const ul = document.createElement("ul");
  ul.className = "legend";
  for (const i of items) {
    const li = document.createElement("li");
    const sw = document.createElement("span");
    sw.className = `sw ${i.shape ?? "circle"}`;
    sw.style.color = i.color;
    sw.setAttribute("aria-hidden", "true");
    li.append(sw, i.label);
    ul.append(li);
  }
  return [ul];
}
