/**
 * The worker side: call `serveMeasureWorker(port, now)` in a worker's entry script (Node:
 * src/cli/measure/node-worker.ts; browsers: a Web Worker module).
 */
import { KernelHost } from "./kernel-host.js";
import type { FromWorker, ToWorker, WorkerPort } from "./protocol.js";
import { hostWasm } from "./wasm-env.js";

/** How long a thread waits at the start barrier for the others before giving up. */
const BARRIER_TIMEOUT_MS = 30_000;

export function serveMeasureWorker(port: WorkerPort, now: () => number): void {
  let host: KernelHost | undefined;
  let control: Int32Array | undefined;
  const fail = (e: unknown) =>
    port.post({ type: "error", message: e instanceof Error ? e.message : String(e) });
  port.listen((msg: ToWorker) => {
    void (async () => {
      try {
        switch (msg.type) {
          case "init": {
            const wasm = hostWasm();
            if (!wasm) throw new Error("no WebAssembly in this worker");
            const memory = msg.memory ?? new wasm.Memory({ initial: msg.pages, maximum: msg.pages });
            host = await KernelHost.create(wasm, msg.options, memory, now);
            control = msg.control;
            for (const f of msg.fill) host.fill(f);
            for (const w of msg.weights) host.writeWeights(w);
            port.post({ type: "ready" } satisfies FromWorker);
            return;
          }
          case "warm": {
            if (!host) throw new Error("warm before init");
            host.warm(msg.jobs, msg.ms);
            port.post({ type: "warmed" });
            return;
          }
          case "run": {
            if (!host) throw new Error("run before init");
            if (msg.participants > 1) {
              if (!control) throw new Error("several threads need the shared control block");
              const arrived = Atomics.add(control, 0, 1) + 1;
              if (arrived === msg.participants) {
                Atomics.store(control, 1, 1);
                Atomics.notify(control, 1);
              } else {
                const t0 = now();
                while (Atomics.load(control, 1) === 0) {
                  if (Atomics.wait(control, 1, 0, 1000) === "timed-out" && now() - t0 > BARRIER_TIMEOUT_MS) {
                    throw new Error("timed out waiting for the other threads");
                  }
                }
              }
            }
            const r = host.run(msg.job);
            port.post({ type: "done", seq: msg.seq, elapsedMs: r.elapsedMs, value: r.value });
            return;
          }
        }
      } catch (e) {
        fail(e);
      }
    })();
  });
}
