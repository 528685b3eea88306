/**
 * Runs kernel jobs on one or more threads. `WorkerPool`: worker threads (from an injected
 * factory) on one shared memory, each run starting behind a barrier. `InlineExecutor`: a
 * single thread, the caller's own (for hosts without workers or SharedArrayBuffer).
 */
import { type FillSpec, type Job, type JobResult, KernelHost } from "./kernel-host.js";
import { type KernelOptions, PAGE_BYTES } from "./kernels.js";
import type { FromWorker, WorkerFactory, WorkerHandle } from "./protocol.js";
import type { WasmApi } from "./wasm-env.js";

export interface Executor {
  /** Threads available to `run`. */
  readonly threads: number;
  /** Run `jobs[t]` on thread t, all at once; resolves with each thread's timing. */
  run(jobs: readonly Job[]): Promise<JobResult[]>;
  /** Call each job repeatedly on every thread for `ms`, so that the engine optimises the kernels. */
  warm(jobsFor: (thread: number) => readonly Job[], ms: number): Promise<void>;
  close(): Promise<void>;
}

export interface ExecutorSetup {
  readonly wasm: WasmApi;
  readonly options: KernelOptions;
  readonly now: () => number;
  /** Memory size in 64 KiB pages. */
  readonly pages: number;
  /** What thread t initialises (first touch by the thread that uses it). */
  readonly fill: (thread: number) => readonly FillSpec[];
  /** Where thread t's 16 int8 weights go. */
  readonly weights: (thread: number) => number;
}

export class InlineExecutor implements Executor {
  readonly threads = 1;
  private constructor(private readonly host: KernelHost) {}

  static async create(s: ExecutorSetup): Promise<InlineExecutor> {
    const memory = new s.wasm.Memory({
      initial: s.pages,
      maximum: s.pages,
      ...(s.options.shared ? { shared: true } : {}),
    });
    const host = await KernelHost.create(s.wasm, s.options, memory, s.now);
    for (const f of s.fill(0)) host.fill(f);
    host.writeWeights(s.weights(0));
    return new InlineExecutor(host);
  }

  async run(jobs: readonly Job[]): Promise<JobResult[]> {
    if (jobs.length !== 1) throw new RangeError("the inline executor runs one thread");
    return [this.host.run(jobs[0]!)];
  }

  async warm(jobsFor: (thread: number) => readonly Job[], ms: number): Promise<void> {
    this.host.warm(jobsFor(0), ms);
  }

  async close(): Promise<void> {}
}

interface Pending {
  readonly resolve: (m: FromWorker) => void;
  readonly reject: (e: unknown) => void;
}

export class WorkerPool implements Executor {
  private seq = 0;
  private readonly pending: (Pending | undefined)[];
  private failure: unknown;

  private constructor(
    private readonly workers: readonly WorkerHandle[],
    private readonly control: Int32Array,
  ) {
    this.pending = workers.map(() => undefined);
    workers.forEach((w, i) => {
      w.listen((m) => {
        const p = this.pending[i];
        this.pending[i] = undefined;
        if (!p) return;
        if (m.type === "error") p.reject(new Error(`measuring thread ${i}: ${m.message}`));
        else p.resolve(m);
      });
      w.onError((e) => {
        this.failure ??= e;
        const p = this.pending[i];
        this.pending[i] = undefined;
        p?.reject(e instanceof Error ? e : new Error(`measuring thread ${i} failed: ${String(e)}`));
      });
    });
  }

  get threads(): number {
    return this.workers.length;
  }

  /**
   * Start `threads` workers on one shared memory (needs SharedArrayBuffer). A single worker
   * can do without: it then makes its own memory (a browser page that is not cross-origin
   * isolated keeps its main thread free this way).
   */
  static async create(s: ExecutorSetup, threads: number, createWorker: WorkerFactory): Promise<WorkerPool> {
    const shared = typeof SharedArrayBuffer !== "undefined";
    if (!shared && threads > 1)
      throw new Error(
        "several measuring threads need SharedArrayBuffer (in a browser: a cross-origin isolated page)",
      );
    const memory = shared
      ? new s.wasm.Memory({ initial: s.pages, maximum: s.pages, shared: true })
      : undefined;
    const control = new Int32Array(shared ? new SharedArrayBuffer(8) : new ArrayBuffer(8));
    const workers: WorkerHandle[] = [];
    try {
      for (let t = 0; t < threads; t++) workers.push(createWorker());
      const pool = new WorkerPool(workers, control);
      await Promise.all(
        workers.map((_, t) =>
          pool.request(t, {
            type: "init",
            options: { ...s.options, shared },
            ...(memory ? { memory, control } : {}),
            pages: s.pages,
            fill: s.fill(t),
            weights: [s.weights(t)],
          }),
        ),
      );
      return pool;
    } catch (e) {
      for (const w of workers) w.terminate();
      throw e;
    }
  }

  private request(t: number, msg: Parameters<WorkerHandle["post"]>[0]): Promise<FromWorker> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    return new Promise<FromWorker>((resolve, reject) => {
      this.pending[t] = { resolve, reject };
      this.workers[t]!.post(msg);
    });
  }

  async run(jobs: readonly Job[]): Promise<JobResult[]> {
    if (jobs.length < 1 || jobs.length > this.workers.length)
      throw new RangeError(`${jobs.length} jobs for ${this.workers.length} threads`);
    Atomics.store(this.control, 0, 0);
    Atomics.store(this.control, 1, 0);
    const seq = ++this.seq;
    const replies = await Promise.all(
      jobs.map((job, t) => this.request(t, { type: "run", seq, job, participants: jobs.length })),
    );
    return replies.map((m) => {
      if (m.type !== "done" || m.seq !== seq)
        throw new Error(`unexpected reply ${m.type} from a measuring thread`);
      return { elapsedMs: m.elapsedMs, value: m.value };
    });
  }

  async warm(jobsFor: (thread: number) => readonly Job[], ms: number): Promise<void> {
    await Promise.all(this.workers.map((_, t) => this.request(t, { type: "warm", jobs: jobsFor(t), ms })));
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

export const pagesFor = (bytes: number): number => Math.ceil(bytes / PAGE_BYTES);
