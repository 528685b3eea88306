/**
 * The machine and the placement (issue 17): a host CPU and its RAM beside the first device,
 * the link, and llama.cpp's placement flags (-ngl, --cpu-moe / --n-cpu-moe, -nkvo, mmap from
 * a drive). Shown in full once a host is chosen; the state keeps what was typed.
 */
import type { JSX } from "preact";
import { useMemo } from "preact/hooks";
import { LINK_TYPES, type ModelSpec, STORAGE_TYPES } from "../../../src/core/index.js";
import type { T } from "../i18n/index.js";
import {
  CPU_MOE_CHOICES,
  HOST_DEVICES,
  KV_PLACES,
  type OffloadSetup,
  type PlacementFieldError,
  type PlacementState,
} from "../state/placement.js";
import { Section } from "./section.js";

type Set = <K extends keyof PlacementState>(k: K, v: PlacementState[K]) => void;

function TextField(p: {
  field: keyof PlacementState;
  label: string;
  value: string;
  set: Set;
  error: PlacementFieldError | undefined;
  t: T;
  placeholder?: string;
  hint?: string;
  decimal?: boolean;
}): JSX.Element {
  const id = `ctl-${p.field}`;
  const err = p.error ? p.t(p.error.key, p.error.params) : null;
  const describedBy = [p.hint ? `${id}-hint` : "", err ? `${id}-err` : ""].filter(Boolean).join(" ");
  return (
    <div class={`field${err ? " invalid" : ""}`}>
      <label for={id}>{p.label}</label>
      <input
        id={id}
        data-testid={id}
        type="text"
        inputMode={p.decimal ? "decimal" : "numeric"}
        value={p.value}
        placeholder={p.placeholder}
        aria-invalid={err ? "true" : "false"}
        aria-describedby={describedBy || undefined}
        onInput={(e) => p.set(p.field, e.currentTarget.value as never)}
      />
      {p.hint ? (
        <span class="hint" id={`${id}-hint`}>
          {p.hint}
        </span>
      ) : null}
      {err ? (
        <span class="field-error" id={`${id}-err`} role="alert" data-testid={`err-${p.field}`}>
          {err}
        </span>
      ) : null}
    </div>
  );
}

function Select<V extends string>(p: {
  field: keyof PlacementState;
  label: string;
  value: V;
  options: readonly { value: V; label: string }[];
  onChange: (v: V) => void;
  error?: PlacementFieldError | undefined;
  t: T;
}): JSX.Element {
  const id = `ctl-${p.field}`;
  const err = p.error ? p.t(p.error.key, p.error.params) : null;
  return (
    <div class={`field${err ? " invalid" : ""}`}>
      <label for={id}>{p.label}</label>
      <select
        id={id}
        data-testid={id}
        value={p.value}
        aria-describedby={err ? `${id}-err` : undefined}
        onChange={(e) => p.onChange(e.currentTarget.value as V)}
      >
        {p.options.map((o) => (
          <option value={o.value} key={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {err ? (
        <span class="field-error" id={`${id}-err`} role="alert" data-testid={`err-${p.field}`}>
          {err}
        </span>
      ) : null}
    </div>
  );
}

export function PlacementControls(p: {
  placement: PlacementState;
  setPlacement: (f: (p: PlacementState) => PlacementState) => void;
  setup: OffloadSetup | null;
  model: ModelSpec | null;
  t: T;
}): JSX.Element {
  const { t, placement: pl } = p;
  const set: Set = (k, v) => p.setPlacement((x) => ({ ...x, [k]: v }));
  const errors = p.setup?.kind === "invalid" ? p.setup.errors : [];
  const errorOf = (f: keyof PlacementState) => errors.find((e) => e.field === f);
  const hosts = useMemo(
    () => [
      { value: "", label: t("placement.hostNone") },
      ...[...HOST_DEVICES]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((d) => ({ value: d.id, label: d.name })),
    ],
    [t],
  );
  const links = useMemo(
    () => [
      { value: "unified", label: t("placement.linkUnified") },
      ...LINK_TYPES.map((l) => ({ value: l.id, label: l.name })),
    ],
    [t],
  );
  const all = p.model ? p.model.numLayers + 1 : null;
  const moe = p.model?.moe !== undefined;
  return (
    <Section id="placement" title={t("placement.heading")}>
      <p class="hint">{t("placement.intro")}</p>
      <Select
        field="host"
        label={t("placement.host")}
        value={pl.host}
        options={hosts}
        onChange={(v) => set("host", v)}
        error={errorOf("host")}
        t={t}
      />
      {pl.host === "" ? null : (
        <>
          <div class="grid2">
            <TextField
              field="ram"
              label={t("placement.ram")}
              value={pl.ram}
              set={set}
              error={errorOf("ram")}
              t={t}
              decimal
              placeholder={t("placement.ramUnstated")}
              {...(pl.ram.trim() === "" ? { hint: t("placement.ramHint") } : {})}
            />
            <Select
              field="link"
              label={t("placement.link")}
              value={pl.link}
              options={links}
              onChange={(v) => set("link", v)}
              error={errorOf("link")}
              t={t}
            />
          </div>
          <TextField
            field="gpuLayers"
            label={t("placement.gpuLayers")}
            value={pl.gpuLayers}
            set={set}
            error={errorOf("gpuLayers")}
            t={t}
            {...(all !== null
              ? {
                  placeholder: t("placement.gpuLayersAll", { n: all }),
                  hint: t("placement.gpuLayersHint", { n: all }),
                }
              : {})}
          />
          {moe || pl.cpuMoe !== "none" ? (
            <div class="grid2">
              <Select
                field="cpuMoe"
                label={t("placement.cpuMoe")}
                value={pl.cpuMoe}
                options={CPU_MOE_CHOICES.map((v) => ({ value: v, label: t(`placement.cpuMoe.${v}`) }))}
                onChange={(v) => set("cpuMoe", v)}
                t={t}
              />
              {pl.cpuMoe === "layers" ? (
                <TextField
                  field="cpuMoeLayers"
                  label={t("placement.cpuMoeLayers")}
                  value={pl.cpuMoeLayers}
                  set={set}
                  error={errorOf("cpuMoeLayers")}
                  t={t}
                />
              ) : null}
            </div>
          ) : null}
          <Select
            field="kvOn"
            label={t("placement.kvOn")}
            value={pl.kvOn}
            options={KV_PLACES.map((v) => ({ value: v, label: t(`placement.kvOn.${v}`) }))}
            onChange={(v) => set("kvOn", v)}
            t={t}
          />
          <div class="field check">
            <input
              id="ctl-mmap"
              data-testid="ctl-mmap"
              type="checkbox"
              checked={pl.mmap}
              onChange={(e) => set("mmap", e.currentTarget.checked)}
            />
            <label for="ctl-mmap">{t("placement.mmap")}</label>
          </div>
          {pl.mmap ? (
            <Select
              field="storage"
              label={t("placement.storage")}
              value={pl.storage}
              options={STORAGE_TYPES.map((s) => ({ value: s.id, label: s.name }))}
              onChange={(v) => set("storage", v)}
              error={errorOf("storage")}
              t={t}
            />
          ) : null}
        </>
      )}
    </Section>
  );
}
