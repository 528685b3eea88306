/** A number field (typed text, validated, its error beside it) and a select (flat or grouped options). */

import type { JSX } from "preact";
import { useMemo } from "preact/hooks";
import type { T } from "../i18n/index.js";
import type { FieldError } from "../state/compute.js";
import type { Controls } from "../state/state.js";

export function NumberField(p: {
  id: keyof Controls;
  label: string;
  value: string;
  onInput: (v: string) => void;
  error: FieldError | undefined;
  t: T;
  hint?: string | undefined;
  placeholder?: string;
  inputMode?: "numeric" | "decimal";
}): JSX.Element {
  const err = p.error ? p.t(p.error.key, p.error.params) : null;
  const describedBy = [p.hint ? `${p.id}-hint` : "", err ? `${p.id}-err` : ""].filter(Boolean).join(" ");
  return (
    <div class={`field${err ? " invalid" : ""}`}>
      <label for={`ctl-${p.id}`}>{p.label}</label>
      <input
        id={`ctl-${p.id}`}
        data-testid={`ctl-${p.id}`}
        type="text"
        inputMode={p.inputMode ?? "numeric"}
        value={p.value}
        placeholder={p.placeholder}
        aria-invalid={err ? "true" : "false"}
        aria-describedby={describedBy || undefined}
        onInput={(e) => p.onInput(e.currentTarget.value)}
      />
      {p.hint ? (
        <span class="hint" id={`${p.id}-hint`}>
          {p.hint}
        </span>
      ) : null}
      {err ? (
        <span class="field-error" id={`${p.id}-err`} role="alert" data-testid={`err-${p.id}`}>
          {err}
        </span>
      ) : null}
    </div>
  );
}

export function SelectField<V extends string>(p: {
  id: keyof Controls;
  label: string;
  value: V;
  options:
    | readonly { value: V; label: string }[]
    | readonly { group: string; options: readonly { value: V; label: string }[] }[];
  onChange: (v: V) => void;
  disabled?: boolean;
  hint?: string | undefined;
}): JSX.Element {
  const opts = p.options as readonly (
    | { value: V; label: string }
    | { group: string; options: readonly { value: V; label: string }[] }
  )[];
  const children = useMemo(
    () =>
      opts.map((o) =>
        "group" in o ? (
          <optgroup label={o.group} key={o.group}>
            {o.options.map((x) => (
              <option value={x.value} key={x.value}>
                {x.label}
              </option>
            ))}
          </optgroup>
        ) : (
          <option value={o.value} key={o.value}>
            {o.label}
          </option>
        ),
      ),
    [opts],
  );
  return (
    <div class="field">
      <label for={`ctl-${p.id}`}>{p.label}</label>
      <select
        id={`ctl-${p.id}`}
        data-testid={`ctl-${p.id}`}
        value={p.value}
        disabled={p.disabled}
        aria-describedby={p.hint ? `${p.id}-hint` : undefined}
        onChange={(e) => p.onChange(e.currentTarget.value as V)}
      >
        {children}
      </select>
      {p.hint ? (
        <span class="hint" id={`${p.id}-hint`}>
          {p.hint}
        </span>
      ) : null}
    </div>
  );
}
