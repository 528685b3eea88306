/**
 * The app's state: everything a user chose, as plain data. Numeric controls are kept as
 * the text the user typed, so that a half-typed or wrong value can be shown with its
 * error instead of being silently replaced. Pure: no DOM, so tests run it in Node.
 */
import type { DeviceSpec, ModelSpec, ModelWeights } from "../../../src/core/index.js";
import type { LoadedCalibration } from "./calibration.js";
import { DEFAULT_PLACEMENT, type PlacementState } from "./placement.js";

export const LANGS = ["en", "zh"] as const;
export type Lang = (typeof LANGS)[number];

export const PHASE_CHOICES = ["both", "prefill", "decode"] as const;
export type PhaseChoice = (typeof PHASE_CHOICES)[number];
export const ATTENTION_CHOICES = ["naive", "flash"] as const;
export const SPARSITY_CHOICES = ["none", "2:4"] as const;
export const TABLE_PHASES = ["prefill", "decode"] as const;
export type TablePhase = (typeof TABLE_PHASES)[number];

export type ModelSource =
  | { readonly kind: "preset"; readonly id: string }
  | {
      readonly kind: "config";
      readonly spec: ModelSpec;
      readonly notes: readonly string[];
      readonly fileName: string;
    }
  | {
      readonly kind: "gguf";
      readonly spec: ModelSpec;
      readonly weights: ModelWeights;
      /** The file's weight format as llama.cpp names it (general.file_type: "Q4_K_M"), when the header says. */
      readonly fileType?: string;
      readonly notes: readonly string[];
      readonly fileName: string;
    };

export interface Controls {
  readonly phase: PhaseChoice;
  /** Text of the number inputs, validated when the analysis is computed. */
  readonly prompt: string;
  readonly generate: string;
  /** "" means: the prompt length (the CLI's default). */
  readonly context: string;
  readonly batch: string;
  readonly weights: string;
  readonly activations: string;
  readonly kv: string;
  readonly attention: (typeof ATTENTION_CHOICES)[number];
  readonly fusion: boolean;
  readonly sparsity: (typeof SPARSITY_CHOICES)[number];
  readonly kvKeep: string;
}

export interface AppState {
  readonly lang: Lang;
  readonly model: ModelSource;
  /** Device ids; the first is the primary one (details, advisor, JSON export). */
  readonly devices: readonly string[];
  /** Devices measured in this browser ("Measure this device"), usable by id in `devices`. */
  readonly customDevices: readonly DeviceSpec[];
  readonly controls: Controls;
  /** A host beside the primary GPU and the model's placement on them (placement.ts). */
  readonly placement: PlacementState;
  /** Which pass the per-op table shows. */
  readonly tablePhase: TablePhase;
  /** A calibration the user dropped or fitted here; kept out of the URL (see calibration.ts). */
  readonly calibration?: LoadedCalibration;
}

export const DEFAULT_MODEL_ID = "llama-2-7b";
export const DEFAULT_DEVICE_ID = "apple-m2-gpu";
/** The timeline runs one analysis per generated token; beyond this the app would stall. */
export const MAX_GENERATE = 8192;
/** Devices compared side by side. */
export const MAX_DEVICES = 6;

export const DEFAULT_CONTROLS: Controls = {
  phase: "both",
  prompt: "2048",
  generate: "256",
  context: "",
  batch: "1",
  weights: "fp16",
  activations: "fp16",
  kv: "fp16",
  attention: "naive",
  fusion: false,
  sparsity: "none",
  kvKeep: "1",
};

export const DEFAULT_STATE: AppState = {
  lang: "en",
  model: { kind: "preset", id: DEFAULT_MODEL_ID },
  devices: [DEFAULT_DEVICE_ID],
  customDevices: [],
  controls: DEFAULT_CONTROLS,
  placement: DEFAULT_PLACEMENT,
  tablePhase: "decode",
};

/** A stable key of the model source, for memoisation. */
export function modelKey(m: ModelSource): string {
  return m.kind === "preset" ? `preset:${m.id}` : `${m.kind}:${m.fileName}:${m.spec.id}`;
}
