import type { EventHandle, EventOptions, Inputs, SelectData } from "../blocks/events.js";
import { listen } from "../blocks/events.js";
import {
  Component,
  type ComponentOptions,
  type JsonSchema,
  type ProcessContext,
  type ResolvedOptions,
} from "./component.js";
import { fail } from "./payload.js";

export interface DatasetOptions extends ComponentOptions<number> {
  /** The components each sample fills, in column order. */
  components: readonly Component[];
  samples: readonly (readonly unknown[])[];
  headers?: string[];
  samplesPerPage?: number;
}

/**
 * A table of examples. Clicking a row fills `components` with that sample in the browser; the samples
 * are prepared like initial values (files are cached, since the developer named them).
 */
export class Dataset extends Component<number> {
  readonly type = "dataset";
  override readonly skipApi = true;
  declare protected readonly options: ResolvedOptions<DatasetOptions>;

  constructor(options: DatasetOptions) {
    super({ label: "Examples", ...options });
    for (const sample of options.samples) {
      if (sample.length !== options.components.length) {
        throw new TypeError(
          `Each example needs ${options.components.length} values (one per input), got ${sample.length}.`,
        );
      }
    }
  }

  override props() {
    const { samplesPerPage = 10 } = this.options;
    return {
      ...super.props(),
      componentIds: this.options.components.map((c) => c.id),
      headers: this.options.headers ?? this.options.components.map((c) => c.label ?? ""),
      samplesPerPage,
    };
  }

  /** Samples in wire form, the way each component would show them. */
  async samples(context: ProcessContext, namedByDeveloper = true): Promise<unknown[][]> {
    return Promise.all(
      this.options.samples.map((sample) =>
        Promise.all(
          sample.map(async (value, column) => {
            const component = this.options.components[column]!;
            return value === null || value === undefined
              ? null
              : component.postprocess(value as never, context, namedByDeveloper);
          }),
        ),
      ),
    );
  }

  apiInfo(): JsonSchema {
    return { type: "integer", description: "index of the selected example" };
  }

  exampleInput() {
    return 0;
  }

  preprocess(payload: unknown): number {
    if (
      typeof payload !== "number" ||
      !Number.isInteger(payload) ||
      payload < 0 ||
      payload >= this.options.samples.length
    )
      fail("expected the index of an example");
    return payload;
  }

  postprocess(value: number | null | undefined): number | null {
    return value ?? null;
  }

  click<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "click", options);
  }

  /** The user selected part of it; the event data is Gradio's SelectData. */
  select<const I extends Inputs>(options: EventOptions<I, SelectData>): EventHandle {
    return listen(this, "select", options);
  }
}
