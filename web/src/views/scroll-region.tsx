/** A wide table's horizontally scrolling frame: a named region that keyboard users can focus and scroll. */

import type { ComponentChildren, JSX, RefObject } from "preact";

export function ScrollRegion(p: {
  label: string;
  children: ComponentChildren;
  regionRef?: RefObject<HTMLElement | null>;
}): JSX.Element {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be focusable to scroll by keyboard (WCAG 2.1.1; axe's scrollable-region-focusable).
    <section class="table-wrap" aria-label={p.label} tabIndex={0} ref={p.regionRef ?? null}>
      {p.children}
    </section>
  );
}
