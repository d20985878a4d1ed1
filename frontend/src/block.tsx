/**
 * What every rendered block shares: the frame (elem_id, elem_classes, visibility), its label and info
 * text, and the status of calls that write to it (queue position, ETA, progress, elapsed time).
 */
import { createContext, type ComponentChildren } from "preact";
import { useContext, useEffect, useState } from "preact/hooks";
import { safeUrl } from "./markdown.js";
import type { EventDispatcher } from "./dispatcher.js";
import { useBlock, type BlockStatus, type Props } from "./store.js";

export const DispatcherContext = createContext<EventDispatcher | null>(null);

export function useDispatcher(): EventDispatcher {
  return useContext(DispatcherContext)!;
}

/** The block's props, re-rendering on change. */
export function useProps(id: number): Props {
  return useBlock(useDispatcher().store, id);
}

export const text = (value: unknown, fallback = ""): string =>
  typeof value === "string" ? value : value === null || value === undefined ? fallback : String(value);
export const num = (value: unknown): number | undefined =>
  typeof value === "number" && Number.isFinite(value) ? value : undefined;

export function classes(...names: (string | false | null | undefined)[]): string {
  return names.filter(Boolean).join(" ");
}

export function elemClasses(props: Props): string {
  return Array.isArray(props.elem_classes) ? props.elem_classes.filter((c) => typeof c === "string").join(" ") : "";
}

/** A DOM id for inputs, unique per block, for label `for=`. */
export const inputId = (id: number) => `gts-${id}`;

interface FrameProps {
  id: number;
  type: string;
  props: Props;
  children: ComponentChildren;
  /** Blocks like buttons have no box around them. */
  bare?: boolean;
}

export function Frame({ id, type, props, children, bare }: FrameProps) {
  const container = props.container !== false && !bare;
  const minWidth = num(props.min_width);
  const scale = num(props.scale);
  const style: Record<string, string | number> = {};
  if (minWidth !== undefined) style.minWidth = `min(${minWidth}px, 100%)`;
  if (scale !== undefined) style.flexGrow = scale;
  return (
    <div
      id={text(props.elem_id) || undefined}
      class={classes("block", `block-${type}`, container && "container", elemClasses(props))}
      style={style}
      data-testid={`${type}-${id}`}
    >
      <StatusTracker id={id} />
      {children}
    </div>
  );
}

/** The label of an input (visually hidden when `show_label` is false, still read by screen readers). */
export function Label({
  props,
  htmlFor,
  fallback,
  as = "label",
}: {
  props: Props;
  htmlFor?: string;
  fallback: string;
  as?: "label" | "span" | "legend";
}) {
  const Tag = as;
  const hidden = props.show_label === false;
  return (
    <Tag
      class={classes("label", hidden && "sr-only")}
      {...(as === "label" && htmlFor ? { for: htmlFor } : {})}
      id={htmlFor ? `${htmlFor}-label` : undefined}
    >
      {text(props.label) || fallback}
    </Tag>
  );
}

export function Info({ props, id }: { props: Props; id?: string }) {
  const info = text(props.info);
  return info ? (
    <p class="info" id={id}>
      {info}
    </p>
  ) : null;
}

function seconds(value: number): string {
  return value < 10 ? value.toFixed(1) : Math.round(value).toString();
}

/** Queue position and ETA while waiting, progress bar and elapsed time while running. */
function StatusTracker({ id }: { id: number }) {
  const dispatcher = useDispatcher();
  useProps(id);
  const status = dispatcher.store.status(id);
  const [, tick] = useState(0);
  useEffect(() => {
    if (!status) return;
    const timer = setInterval(() => tick((n) => n + 1), 100);
    return () => clearInterval(timer);
  }, [status?.startedAt, status !== undefined]);
  if (!status || status.show === "hidden") return null;
  return <StatusView status={status} />;
}

function StatusView({ status }: { status: BlockStatus }) {
  const elapsed = (Date.now() - status.startedAt) / 1000;
  const eta = status.eta ?? null;
  const unit = status.progress?.find((p) => p.progress !== null || (p.index !== null && p.length));
  const fraction = unit
    ? (unit.progress ?? (unit.index ?? 0) / (unit.length || 1))
    : eta && status.stage !== "pending"
      ? Math.min(elapsed / eta, 0.95)
      : null;
  const queued = status.stage === "pending" && typeof status.position === "number";
  const label = queued
    ? `Queue ${status.position! + 1}/${status.queueSize ?? "?"}`
    : status.stage === "pending"
      ? "Waiting"
      : unit
        ? [
            unit.desc,
            unit.index !== null && unit.length
              ? `${unit.index}/${unit.length}${unit.unit ? ` ${unit.unit}` : ""}`
              : unit.progress !== null
                ? `${Math.round(unit.progress * 100)}%`
                : "",
          ]
            .filter(Boolean)
            .join(" ")
        : "Processing";
  const time = `${seconds(elapsed)}${eta ? `/${seconds(eta)}` : ""}s`;
  const percent = fraction === null ? undefined : Math.round(Math.max(0, Math.min(1, fraction)) * 100);
  return (
    <div class={classes("status", `status-${status.stage}`, status.show === "minimal" && "minimal")}>
      <span class="status-text">
        {/* Only the stage is announced; the ticking clock would flood a screen reader. */}
        <span role="status">{label}</span>{" "}
        <span class="status-time" aria-hidden="true">
          {time}
        </span>
      </span>
      {status.show === "full" && (
        <div
          class={classes("progress", percent === undefined && "indeterminate")}
          role="progressbar"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          aria-label={label}
        >
          <div class="progress-fill" style={percent === undefined ? undefined : { width: `${percent}%` }} />
        </div>
      )}
    </div>
  );
}

/** A link the app gave (button `link`, file URLs) only if it is http(s), mail or relative. */
export function safeLink(value: unknown): string | null {
  return typeof value === "string" && value ? safeUrl(value) : null;
}
