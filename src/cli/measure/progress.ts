/** A one-line progress bar for a terminal (stderr), redrawn in place. */
import type { MeasureProgress } from "../../core/index.js";

export interface ProgressBar {
  update(p: MeasureProgress): void;
  done(): void;
}

export function renderBar(p: MeasureProgress, width: number): string {
  const frac = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
  const barWidth = Math.max(10, Math.min(30, width - 50));
  const filled = Math.round(frac * barWidth);
  const head = `[${"#".repeat(filled)}${".".repeat(barWidth - filled)}] ${String(Math.round(frac * 100)).padStart(3)}% `;
  const room = Math.max(0, width - head.length - 1);
  return head + (p.label.length > room ? `${p.label.slice(0, Math.max(0, room - 1))}…` : p.label);
}

export function progressBar(stream: NodeJS.WriteStream): ProgressBar {
  let last = 0;
  let shown = false;
  return {
    update(p) {
      const now = Date.now();
      if (now - last < 80 && p.done < p.total) return;
      last = now;
      shown = true;
      stream.write(`\r\x1b[2K${renderBar(p, stream.columns || 80)}`);
    },
    done() {
      if (shown) stream.write("\r\x1b[2K");
    },
  };
}
