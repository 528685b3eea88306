/** The frame of a group of controls. */
import type { ComponentChildren, JSX } from "preact";

export function Section(p: { id: string; title: string; children: ComponentChildren }): JSX.Element {
  return (
    <section class="panel" aria-labelledby={`${p.id}-h`} data-testid={`controls-${p.id}`}>
      <h3 id={`${p.id}-h`}>{p.title}</h3>
      {p.children}
    </section>
  );
}
