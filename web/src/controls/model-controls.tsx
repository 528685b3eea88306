/** The model: a preset, or a config.json / .gguf opened or dropped, with what was read. */

import type { JSX } from "preact";
import { useCallback, useMemo, useState } from "preact/hooks";
import { BUILTIN_MODELS, countParams, resolveModel as resolveModelLabel } from "../../../src/core/index.js";
import type { MessageKey, T } from "../i18n/index.js";
import { fmtParams, MODELS_BY_FAMILY } from "../state/catalog.js";
import { resolveModel } from "../state/compute.js";
import type { AppState, ModelSource } from "../state/state.js";
import { Combobox, type ComboGroup } from "./combobox.js";
import { resolvedGroup } from "./resolved-options.js";
import { Section } from "./section.js";

/** The presets by family, each by size, searchable by name, id and family. */
const MODEL_GROUPS: readonly ComboGroup[] = MODELS_BY_FAMILY.map((g) => ({
  label: g.family,
  options: g.models.map((m) => ({
    value: m.id,
    label: m.name,
    hint: fmtParams(countParams(m).total),
    search: [m.id, m.family, ...(m.aliases ?? [])].join(" "),
  })),
}));

export type FileStatus =
  | { readonly kind: "idle" }
  | { readonly kind: "loading"; readonly file: string }
  | { readonly kind: "error"; readonly file: string; readonly message: string }
  | {
      readonly kind: "loaded";
      readonly key: MessageKey;
      readonly params: Readonly<Record<string, string>>;
      readonly bytesRead: number;
      readonly fileSize: number;
    };

export function ModelControls(p: {
  model: ModelSource;
  setState: (f: (s: AppState) => AppState) => void;
  t: T;
  fileStatus: FileStatus;
  onFile: (f: File) => Promise<void>;
}): JSX.Element {
  const { t } = p;
  const [dragging, setDragging] = useState(false);
  const m = p.model;
  const spec = resolveModel(m)?.spec;
  const groups = MODEL_GROUPS;
  // Any label the core resolves: a Hugging Face id, a GGUF name, llama-bench's model_type.
  const resolve = useCallback(
    (q: string) =>
      resolvedGroup(resolveModelLabel(q), (id) => BUILTIN_MODELS.find((x) => x.id === id)?.name, t),
    [t],
  );
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const f = e.dataTransfer?.files[0];
    if (f) void p.onFile(f);
  };
  return (
    <Section id="model" title={t("model.heading")}>
      <div class="field">
        <label for="model">{t("model.preset")}</label>
        <Combobox
          id="model"
          testid="model"
          value={m.kind === "preset" ? m.id : "__file"}
          valueLabel={
            m.kind !== "preset" ? t("model.fromFile", { name: m.spec.name, file: m.fileName }) : undefined
          }
          groups={groups}
          noMatch={t("picker.noMatch")}
          placeholder={t("model.search")}
          describedBy="model-summary"
          resolve={resolve}
          onChange={(id) => p.setState((s) => ({ ...s, model: { kind: "preset", id } }))}
        />
      </div>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: a drop target for a dragged file; the file input inside it is the keyboard path. */}
      <div
        class={`drop${dragging ? " dragging" : ""}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <span class="drop-title" id="model-file-title">
          {t("model.file")}
        </span>
        {/* The native input stays focusable and labelled; its browser-language text is replaced by our label. */}
        <label class="file-button">
          <input
            id="model-file"
            data-testid="model-file"
            type="file"
            class="visually-hidden"
            accept=".json,.gguf,application/json"
            aria-labelledby="model-file-title"
            aria-describedby="model-file-status"
            onChange={(e) => {
              const input = e.currentTarget;
              const f = input.files?.[0];
              if (f) void p.onFile(f).finally(() => (input.value = ""));
            }}
          />
          {t("model.choose")}
        </label>
        <span class="hint">{t("model.drop")}</span>
      </div>
      <div id="model-file-status" aria-live="polite">
        {p.fileStatus.kind === "loading" ? (
          <p class="hint">{t("model.loading", { file: p.fileStatus.file })}</p>
        ) : null}
        {p.fileStatus.kind === "error" ? (
          <p class="msg error" role="alert" data-testid="file-error">
            {t("model.fileError", { file: p.fileStatus.file, message: p.fileStatus.message })}
          </p>
        ) : null}
        {p.fileStatus.kind === "loaded" ? (
          <p
            class="hint"
            data-testid="file-loaded"
            data-bytes-read={p.fileStatus.bytesRead}
            data-file-size={p.fileStatus.fileSize}
          >
            {t(p.fileStatus.key, p.fileStatus.params)}
          </p>
        ) : null}
      </div>
      {spec ? <ModelSummary spec={spec} t={t} /> : null}
    </Section>
  );
}

function ModelSummary({
  spec,
  t,
}: {
  spec: NonNullable<ReturnType<typeof resolveModel>>["spec"];
  t: T;
}): JSX.Element {
  // Counted from the architecture (as the analysis does), so a dropped file has it too.
  const params = useMemo(() => countParams(spec), [spec]);
  return (
    <p class="hint" data-testid="model-summary" id="model-summary">
      {t("model.summary", {
        params: fmtParams(params.total),
        layers: spec.numLayers,
        hidden: spec.hiddenSize,
        heads: spec.numHeads,
        kvHeads: spec.numKvHeads,
      })}
      {params.active !== params.total
        ? ` · ${t("model.activeParams", { active: fmtParams(params.active) })}`
        : ""}
    </p>
  );
}
