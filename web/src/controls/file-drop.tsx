/** A drop target with a labelled file button inside it (the keyboard path), for a file read locally. */
import type { JSX } from "preact";
import { useState } from "preact/hooks";

export function FileDrop(p: {
  id: string;
  title: string;
  choose: string;
  drop: string;
  accept: string;
  /** The element that says how reading went (aria-describedby). */
  statusId: string;
  onFile: (f: File) => Promise<void>;
}): JSX.Element {
  const [dragging, setDragging] = useState(false);
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a drop target for a dragged file; the file input inside it is the keyboard path.
    <div
      class={`drop${dragging ? " dragging" : ""}`}
      data-testid={`${p.id}-drop`}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        const f = e.dataTransfer?.files[0];
        if (f) void p.onFile(f);
      }}
    >
      <span class="drop-title" id={`${p.id}-title`}>
        {p.title}
      </span>
      <label class="file-button">
        <input
          id={p.id}
          data-testid={p.id}
          type="file"
          class="visually-hidden"
          accept={p.accept}
          aria-labelledby={`${p.id}-title`}
          aria-describedby={p.statusId}
          onChange={(e) => {
            const input = e.currentTarget;
            const f = input.files?.[0];
            if (f) void p.onFile(f).finally(() => (input.value = ""));
          }}
        />
        {p.choose}
      </label>
      <span class="hint">{p.drop}</span>
    </div>
  );
}
