/** The chart host: mounts a built chart (Observable Plot's SVG) with its legend and SVG/PNG downloads. */

import type { ComponentChildren, JSX } from "preact";
import { useEffect, useLayoutEffect, useRef } from "preact/hooks";
import { type BuiltChart, type LegendItem, shapePath, strokeOnly } from "../charts/common.js";
import { downloadBlob, downloadText, standaloneSvg, svgText, svgToPng } from "../export.js";
import type { T } from "../i18n/index.js";
import type { Results } from "../state/compute.js";

/**
 * A chart, with its legend and SVG/PNG downloads. It is built in a layout effect (on
 * screen in the same frame as the rest of the update), but only while it is in or near
 * the viewport: a chart scrolled out of view is marked stale and built when it returns.
 */
export function Chart(p: {
  name: string;
  /** The export's second title line: model, device(s) and workload. */
  subtitle: string;
  file: string;
  build: () => BuiltChart;
  deps: readonly unknown[];
  testid: string;
  t: T;
  note?: string;
  children?: ComponentChildren;
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
    const { svg } = standaloneSvg(b.svg, p.name, p.subtitle, b.legend);
    downloadText(svgText(svg), `${p.file}.svg`, "image/svg+xml");
  };
  const exportPng = async () => {
    const b = current();
    const { svg, width, height } = standaloneSvg(b.svg, p.name, p.subtitle, b.legend);
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
      {p.children}
      {p.note ? <p class="hint">{p.note}</p> : null}
    </figure>
  );
}

/** Legend as plain DOM (it is rebuilt only when its items change); each swatch is the chart's own shape. */
function legendItems(items: readonly LegendItem[]): HTMLElement[] {
  if (items.length === 0) return [];
  const NS = "http://www.w3.org/2000/svg";
  const ul = document.createElement("ul");
  ul.className = "legend";
  for (const i of items) {
    const li = document.createElement("li");
    const sw = document.createElementNS(NS, "svg");
    sw.setAttribute("class", "sw");
    sw.setAttribute("width", i.shape === "line" ? "22" : "14");
    sw.setAttribute("height", "14");
    sw.setAttribute("aria-hidden", "true");
    const path = document.createElementNS(NS, "path");
    const line = i.shape === "line";
    path.setAttribute("d", shapePath(i.shape ?? "circle", line ? 11 : 7, 7, line ? 10 : 6));
    if (strokeOnly(i.shape)) {
      path.setAttribute("fill", i.shape === "ring" ? "white" : "none");
      path.setAttribute("stroke", i.color);
      path.setAttribute("stroke-width", "2");
      if (i.dash && i.dash !== "none") path.setAttribute("stroke-dasharray", i.dash);
    } else path.setAttribute("fill", i.color);
    sw.append(path);
    li.append(sw, i.label);
    ul.append(li);
  }
  return [ul];
}

/** An export's second title line: the model, the device(s) and the workload it shows. */
export function chartSubtitle(results: Results, devices: readonly string[], t: T): string {
  const w = results.workload;
  const a = results.perDevice[0]?.analysis;
  return t("export.subtitle", {
    model: a?.model.name ?? "",
    devices: devices.join(", "),
    prompt: w.promptTokens,
    ctx: w.contextTokens,
    batch: w.batch,
    weights: a?.model.weightsOrigin === "gguf" ? t("export.fileWeights") : w.weights,
    kv: w.kv,
    attention: t(`attention.${w.attention}`),
  });
}
