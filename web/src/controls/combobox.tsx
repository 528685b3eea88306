/**
 * A searchable, grouped picker (the ARIA 1.2 combobox pattern): a text field that shows
 * the chosen item and, when typed in, lists the matching items by group. Arrow keys move
 * through the list, Enter picks, Escape restores; every word typed must appear in an
 * item's name or its search text (id, family, aliases …).
 */
import type { JSX } from "preact";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";

export interface ComboOption {
  readonly value: string;
  readonly label: string;
  /** Shown beside the label (size, bandwidth …). */
  readonly hint?: string;
  /** Other text the search matches (id, family, aliases). */
  readonly search?: string;
}

export interface ComboGroup {
  readonly label: string;
  readonly options: readonly ComboOption[];
  /** A group the resolver made of the typed text: how it resolved. */
  readonly resolved?: "resolved" | "ambiguous";
}

const words = (s: string) => s.toLowerCase().split(/\s+/).filter(Boolean);

/** The groups with the options every word of `query` matches (all of them for an empty query). */
export function filterGroups(groups: readonly ComboGroup[], query: string): ComboGroup[] {
  const q = words(query);
  return groups
    .map((g) => ({
      label: g.label,
      options: g.options.filter((o) => {
        const hay = `${o.label} ${o.search ?? ""} ${g.label}`.toLowerCase();
        return q.every((w) => hay.includes(w));
      }),
    }))
    .filter((g) => g.options.length > 0);
}

/**
 * The groups for a query, with what the resolver makes of the typed text first (when it
 * names entries), those entries left out of the other groups so each option shows once.
 */
export function groupsFor(
  groups: readonly ComboGroup[],
  query: string,
  resolve?: (query: string) => ComboGroup | null,
): ComboGroup[] {
  const rest = filterGroups(groups, query);
  const found = resolve && query.trim().length >= MIN_RESOLVE_CHARS ? resolve(query.trim()) : null;
  if (!found || found.options.length === 0) return rest;
  const ids = new Set(found.options.map((o) => o.value));
  return [
    found,
    ...rest
      .map((g) => ({ label: g.label, options: g.options.filter((o) => !ids.has(o.value)) }))
      .filter((g) => g.options.length > 0),
  ];
}

/** Shorter text names too much to be worth resolving ("q", "m4"). */
const MIN_RESOLVE_CHARS = 3;

export function Combobox(p: {
  id: string;
  testid: string;
  value: string;
  groups: readonly ComboGroup[];
  onChange: (value: string) => void;
  /** The text shown for `value` when it is not among the options (a model read from a file). */
  valueLabel?: string | undefined;
  describedBy?: string;
  noMatch: string;
  placeholder?: string;
  /** Typed text resolved by the core (a Hugging Face id, a llama-bench label, "RTX 4090"): a group shown first. */
  resolve?: (query: string) => ComboGroup | null;
}): JSX.Element {
  const [query, setQuery] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const open = query !== null;
  const all = useMemo(() => p.groups.flatMap((g) => g.options), [p.groups]);
  const shown = useMemo(
    () => (open ? groupsFor(p.groups, query, p.resolve) : []),
    [p.groups, query, open, p.resolve],
  );
  const flat = shown.flatMap((g) => g.options);
  const current = all.find((o) => o.value === p.value);
  const text = open ? query : (current?.label ?? p.valueLabel ?? p.value);
  const listId = `${p.id}-list`;
  const optId = (v: string) => `${p.id}-opt-${v.replace(/[^A-Za-z0-9_-]/g, "_")}`;
  const activeOpt = open ? flat[Math.min(active, flat.length - 1)] : undefined;

  useEffect(() => {
    if (activeOpt) document.getElementById(optId(activeOpt.value))?.scrollIntoView({ block: "nearest" });
  });
  const close = () => {
    setQuery(null);
    setActive(0);
  };
  const pick = (o: ComboOption) => {
    close();
    if (o.value !== p.value) p.onChange(o.value);
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (!open) {
        setQuery("");
        const i = all.findIndex((o) => o.value === p.value);
        setActive(Math.max(0, i));
        return;
      }
      const n = flat.length;
      if (n > 0) setActive((a) => (e.key === "ArrowDown" ? Math.min(n - 1, a + 1) : Math.max(0, a - 1)));
    } else if (e.key === "Enter") {
      if (open && activeOpt) {
        e.preventDefault();
        pick(activeOpt);
      }
    } else if (e.key === "Escape") {
      if (open) {
        e.preventDefault();
        close();
      }
    }
  };
  return (
    <div class="combo" data-testid={p.testid} data-value={p.value}>
      <input
        ref={input}
        id={p.id}
        type="text"
        role="combobox"
        autoComplete="off"
        spellcheck={false}
        aria-autocomplete="list"
        aria-expanded={open ? "true" : "false"}
        aria-controls={listId}
        aria-activedescendant={activeOpt ? optId(activeOpt.value) : undefined}
        aria-describedby={p.describedBy}
        placeholder={p.placeholder}
        value={text}
        onFocus={(e) => e.currentTarget.select()}
        onInput={(e) => {
          setQuery(e.currentTarget.value);
          setActive(0);
        }}
        onKeyDown={onKey}
        onBlur={close}
      />
      <div id={listId} role="listbox" class="combo-list" hidden={!open} aria-label={p.placeholder}>
        {open && flat.length === 0 ? (
          <div class="combo-empty" role="presentation">
            {p.noMatch}
          </div>
        ) : null}
        {shown.map((g) => (
          // biome-ignore lint/a11y/useSemanticElements: a group of options inside a listbox is ARIA's role="group"; a fieldset is not allowed there.
          <div role="group" aria-label={g.label} key={g.label} data-resolved={g.resolved}>
            <div class="combo-group" aria-hidden="true">
              {g.label}
            </div>
            {g.options.map((o) => (
              // biome-ignore lint/a11y/useFocusableInteractive: ARIA 1.2 combobox: focus stays in the field, the active option is named by aria-activedescendant.
              <div
                key={o.value}
                id={optId(o.value)}
                role="option"
                data-value={o.value}
                aria-selected={o.value === p.value ? "true" : "false"}
                class={`combo-opt${o === activeOpt ? " active" : ""}`}
                // mousedown, not click: the field would lose focus (and close the list) first.
                onMouseDown={(e) => {
                  e.preventDefault();
                  pick(o);
                }}
              >
                <span>{o.label}</span>
                {o.hint ? <small>{o.hint}</small> : null}
              </div>
            ))}
          </div>
        ))}
      </div>
    </div>
  );
}
