/** The workload: phase, token counts, batch, formats, attention, sparsity, KV keep, fusion. */

import type { JSX } from "preact";
import { useMemo } from "preact/hooks";
import type { T } from "../i18n/index.js";
import { BLOCK_FORMATS, MIX_RECIPES, SCALAR_FORMATS } from "../state/catalog.js";
import type { FieldError } from "../state/compute.js";
import {
  type AppState,
  ATTENTION_CHOICES,
  type Controls,
  PHASE_CHOICES,
  SPARSITY_CHOICES,
} from "../state/state.js";
import { NumberField, SelectField } from "./fields.js";
import { Section } from "./section.js";

const plain = (list: readonly string[]) => list.map((v) => ({ value: v, label: v }));

/** Option lists of the workload selects, built once per language. */
function optionLists(t: T) {
  return {
    phase: PHASE_CHOICES.map((v) => ({ value: v, label: t(`phase.${v}`) })),
    weights: [
      { group: t("group.scalar"), options: plain(SCALAR_FORMATS) },
      { group: t("group.mix"), options: plain(MIX_RECIPES) },
      { group: t("group.gguf"), options: plain(BLOCK_FORMATS) },
    ],
    activations: plain(SCALAR_FORMATS),
    kv: [
      { group: t("group.scalar"), options: plain(SCALAR_FORMATS) },
      { group: t("group.gguf"), options: plain(BLOCK_FORMATS) },
    ],
    attention: ATTENTION_CHOICES.map((v) => ({ value: v, label: t(`attention.${v}`) })),
    sparsity: SPARSITY_CHOICES.map((v) => ({ value: v, label: t(`sparsity.${v}`) })),
  };
}

export function WorkloadControls(p: {
  state: AppState;
  setControl: <K extends keyof Controls>(k: K, v: Controls[K]) => void;
  t: T;
  errorOf: (f: FieldError["field"]) => FieldError | undefined;
  /** A GGUF's weight format (the control is then disabled and shows it), or null. */
  ggufWeights: string | null;
}): JSX.Element {
  const { t, setControl } = p;
  const c = p.state.controls;
  const o = useMemo(() => optionLists(t), [t]);
  return (
    <Section id="workload" title={t("workload.heading")}>
      <SelectField
        id="phase"
        label={t("workload.phase")}
        value={c.phase}
        options={o.phase}
        onChange={(v) => setControl("phase", v)}
      />
      <div class="grid2">
        <NumberField
          id="prompt"
          label={t("workload.prompt")}
          value={c.prompt}
          onInput={(v) => setControl("prompt", v)}
          error={p.errorOf("prompt")}
          t={t}
        />
        <NumberField
          id="generate"
          label={t("workload.generate")}
          value={c.generate}
          onInput={(v) => setControl("generate", v)}
          error={p.errorOf("generate")}
          t={t}
        />
        <NumberField
          id="context"
          label={t("workload.context")}
          value={c.context}
          placeholder={c.prompt}
          hint={t("workload.contextHint")}
          onInput={(v) => setControl("context", v)}
          error={p.errorOf("context")}
          t={t}
        />
        <NumberField
          id="batch"
          label={t("workload.batch")}
          value={c.batch}
          onInput={(v) => setControl("batch", v)}
          error={p.errorOf("batch")}
          t={t}
        />
      </div>
      {p.ggufWeights !== null ? (
        <SelectField
          id="weights"
          label={t("workload.weights")}
          value="__file"
          disabled
          hint={t("workload.weightsFromFile")}
          options={[{ value: "__file", label: t("workload.weightsFile", { format: p.ggufWeights }) }]}
          onChange={() => undefined}
        />
      ) : (
        <SelectField
          id="weights"
          label={t("workload.weights")}
          value={c.weights}
          options={o.weights}
          onChange={(v) => setControl("weights", v)}
        />
      )}
      <div class="grid2">
        <SelectField
          id="activations"
          label={t("workload.activations")}
          value={c.activations}
          options={o.activations}
          onChange={(v) => setControl("activations", v)}
        />
        <SelectField
          id="kv"
          label={t("workload.kv")}
          value={c.kv}
          options={o.kv}
          onChange={(v) => setControl("kv", v)}
        />
      </div>
      <SelectField
        id="attention"
        label={t("workload.attention")}
        value={c.attention}
        options={o.attention}
        onChange={(v) => setControl("attention", v)}
      />
      <div class="grid2">
        <SelectField
          id="sparsity"
          label={t("workload.sparsity")}
          value={c.sparsity}
          options={o.sparsity}
          onChange={(v) => setControl("sparsity", v)}
        />
        <NumberField
          id="kvKeep"
          label={t("workload.kvKeep")}
          value={c.kvKeep}
          inputMode="decimal"
          onInput={(v) => setControl("kvKeep", v)}
          error={p.errorOf("kvKeep")}
          t={t}
        />
      </div>
      <div class="field check">
        <input
          id="ctl-fusion"
          data-testid="ctl-fusion"
          type="checkbox"
          checked={c.fusion}
          onChange={(e) => setControl("fusion", e.currentTarget.checked)}
        />
        <label for="ctl-fusion">{t("workload.fusion")}</label>
      </div>
    </Section>
  );
}
