/** The frame of every view (a titled, labelled section with optional actions), a number carrying its exact value, and a summary metric. */
import type { ComponentChildren, JSX } from "preact";

export function Panel(p: {
  id: string;
  title: string;
  children: ComponentChildren;
  actions?: ComponentChildren;
  busy?: boolean;
}): JSX.Element {
  return (
    <section
      class={`panel view${p.busy ? " busy" : ""}`}
      id={p.id}
      aria-labelledby={`${p.id}-h`}
      aria-busy={p.busy ? "true" : "false"}
      data-testid={`view-${p.id}`}
    >
      <div class="panel-head">
        <h2 id={`${p.id}-h`}>{p.title}</h2>
        {p.actions ? <div class="panel-actions">{p.actions}</div> : null}
      </div>
      {p.children}
    </section>
  );
}

/** A number shown with its exact value attached (tests compare it to the library's). */
export function Num(p: { id?: string; value: number | null; text: string; class?: string }): JSX.Element {
  return (
    <span class={p.class} data-testid={p.id} data-value={p.value === null ? "null" : String(p.value)}>
      {p.text}
    </span>
  );
}

export function Metric(p: {
  label: string;
  children: ComponentChildren;
  sub?: ComponentChildren;
}): JSX.Element {
  return (
    <div class="metric">
      <div class="metric-label">{p.label}</div>
      <div class="metric-value">{p.children}</div>
      {p.sub ? <div class="metric-sub">{p.sub}</div> : null}
    </div>
  );
}
