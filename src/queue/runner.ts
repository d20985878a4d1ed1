/**
 * Runs one job: the user's fn on preprocessed inputs, then postprocessing, with every step reported on
 * the session's stream. Handles plain and async fns, sync and async generators, gr.Error, cancellation.
 */
import { renderConfig, snakeProps } from "../blocks/config.js";
import type { EventContext } from "../blocks/events.js";
import type { GradioRequest } from "../blocks/request.js";
import { Block, type Props } from "../blocks/block.js";
import type { Output } from "../blocks/events.js";
import { isUpdate, propsOfUpdate, skip, type Update } from "../blocks/update.js";
import { isComponent, type Component, type ProcessContext } from "../components/component.js";
import { State } from "../components/state.js";
import { AppConfigError, GradioError } from "../errors.js";
import { RemoteOutputError } from "../files/file-processor.js";
import type { FileProcessor } from "../files/file-processor.js";
import type { SessionUser } from "../security/auth.js";
import { callableBy } from "../security/roles.js";
import type { MessageChannels } from "./channels.js";
import { diff } from "../protocol/diff.js";
import { isOwner, ownerOf, type EventOwner } from "./event-owner.js";
import type { QueuedCall } from "./queued-call.js";
import * as messages from "../protocol/messages.js";
import { createProgress } from "./progress.js";
import { runInEventScope, type EventScope } from "./event-scope.js";
import { InputsRejectedError, prepareInputs, sessionComponents } from "./inputs.js";
import type { RenderStore } from "./renders.js";
import type { StateStore } from "./session-state.js";
import { StateChanges } from "./state-changes.js";
import type { FnCall, WorkerPools } from "../workers/pool.js";

export interface RunnerLogger {
  error(details: object, message: string): void;
  warn(details: object, message: string): void;
}

export interface RunnerDependencies {
  channels: MessageChannels;
  states: StateStore;
  renders: RenderStore;
  files: FileProcessor;
  logger: RunnerLogger;
  /** Put the error text of any exception in front of the caller (Gradio's `show_error`). */
  showError: boolean;
  /** Worker threads for fns that block (see src/workers/pool.ts); null runs every fn on this thread. */
  workers?: WorkerPools | null;
  /** The longest any event may run, in seconds, unless its own `timeLimit` says otherwise (`launch({ maxRunSeconds })`). */
  maxRunSeconds?: number | null;
}

/** Average run time per fn, for ETAs. */
export class DurationStats {
  readonly #totals = new Map<number, { count: number; seconds: number }>();
  record(fnIndex: number, seconds: number): void {
    const entry = this.#totals.get(fnIndex) ?? { count: 0, seconds: 0 };
    entry.count++;
    entry.seconds += seconds;
    this.#totals.set(fnIndex, entry);
  }
  average(fnIndex: number): number | null {
    const entry = this.#totals.get(fnIndex);
    return entry ? entry.seconds / entry.count : null;
  }
}

type AnyIterator = Iterator<unknown> | AsyncIterator<unknown>;

function isIterator(value: unknown): value is AnyIterator {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { next?: unknown }).next === "function" &&
    (Symbol.asyncIterator in value || Symbol.iterator in value)
  );
}

/**
 * The running `.stream()` events of this process, by event id: where `POST stream/{event_id}` puts a new
 * input chunk and `stream/{event_id}/close` ends the stream.
 */
export class StreamInputs {
  readonly #streams = new Map<
    string,
    { job: QueuedCall; latest: unknown[] | null; closed: boolean; wake: (() => void) | null }
  >();

  /** The caller's running stream event with this id; another session's or user's is as unknown as none. */
  get(eventId: string, caller: EventOwner): QueuedCall | undefined {
    return this.#owned(eventId, caller)?.job;
  }

  /** A new chunk (inputs already preprocessed); false when no stream of the caller's runs. Only the latest is kept. */
  push(eventId: string, caller: EventOwner, args: unknown[]): boolean {
    const entry = this.#owned(eventId, caller);
    if (!entry || entry.closed) return false;
    entry.latest = args;
    entry.wake?.();
    return true;
  }

  close(eventId: string, caller: EventOwner): boolean {
    const entry = this.#owned(eventId, caller);
    if (!entry) return false;
    entry.closed = true;
    entry.wake?.();
    return true;
  }

  #owned(eventId: string, caller: EventOwner) {
    const entry = this.#streams.get(eventId);
    return entry && isOwner(ownerOf(entry.job), caller) ? entry : undefined;
  }

  /** @internal */
  open(job: QueuedCall): void {
    this.#streams.set(job.eventId, { job, latest: null, closed: false, wake: null });
  }

  /** @internal */
  end(eventId: string): void {
    this.#streams.delete(eventId);
  }

  /** @internal The next chunk, or null when the stream is closed, the event is cancelled, or `deadline` (ms) passes. */
  next(eventId: string, deadline: number, signal: AbortSignal): Promise<unknown[] | null> {
    const entry = this.#streams.get(eventId);
    if (!entry) return Promise.resolve(null);
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        signal.removeEventListener("abort", finish);
        entry.wake = null;
        const args = entry.closed || signal.aborted || Date.now() >= deadline ? null : entry.latest;
        entry.latest = null;
        resolve(args);
      };
      const timer = Number.isFinite(deadline) ? setTimeout(finish, Math.max(0, deadline - Date.now())) : undefined;
      signal.addEventListener("abort", finish, { once: true });
      entry.wake = finish;
      if (entry.latest || entry.closed || signal.aborted) finish();
    });
  }
}

export class Runner {
  readonly stats = new DurationStats();
  readonly streams = new StreamInputs();
  /**
   * The outputs as a job's session sees them, read once per job rather than once per yield (a Redis
   * round trip each with a shared backend); the job's own updates replace the components they change.
   */
  readonly #sessionOutputs = new WeakMap<QueuedCall, Promise<Output[]>>();
  constructor(private readonly deps: RunnerDependencies) {}

  async run(job: QueuedCall): Promise<void> {
    if (job.dependency.renderable) return this.#runRender(job);
    if (job.dependency.options.batch) return this.runBatch([job]);
    if (job.dependency.streaming) return this.#runStream(job);
    const { eventId, dependency } = job;
    const publish = this.#publisher(job);
    publish(messages.processStarts(eventId, this.stats.average(dependency.id)));
    const started = performance.now();
    const limit = runLimit(job.abort.signal, this.#limitSeconds(dependency));
    const { scope, context } = eventScope(job, publish, limit.signal);
    let generated = false;
    try {
      const args = await this.#prepare(job);
      const stateChanges = await StateChanges.before(job, this.deps.states, this.deps.renders);
      const call = { dependency, args, context, scope, signal: limit.signal, batch: false, onStart: limit.start };
      const result = await runInEventScope(scope, () => untilAborted(this.#call(call), limit.signal));
      let outputs: unknown[];
      // A generator's States are announced with each step that changes them; its completion changes none.
      let changedStateIds: number[] = [];
      if (isIterator(result)) {
        let previous: unknown[] | null = null;
        outputs = dependency.outputs.map(() => null);
        for await (const value of iterate(result, limit.signal, scope)) {
          const step = await this.#postprocess(job, value);
          outputs = step.data;
          // A re-run (its first replica died) may follow values the caller already has: replace them whole.
          const rerun = previous === null && (job.attempt ?? 1) > 1 && !job.simpleFormat;
          const data = rerun
            ? outputs.map((output) => [["replace", [], output]])
            : previous === null || job.simpleFormat
              ? outputs
              : outputs.map((output, i) => diff(previous![i], output));
          publish(
            messages.processGenerating(
              eventId,
              messages.outputPayload(data, true, null, null, null, stateChanges.changed(step.states)),
            ),
          );
          previous = outputs;
          generated = true;
        }
        // A generator stopped by its time limit ends quietly: it failed, it did not finish.
        if (limit.timedOut()) throw limit.error;
      } else {
        const step = await this.#postprocess(job, result);
        outputs = step.data;
        changedStateIds = stateChanges.changed(step.states);
      }
      if (job.abort.signal.aborted) return;
      const seconds = (performance.now() - started) / 1000;
      this.stats.record(dependency.id, seconds);
      publish(
        messages.processCompleted(
          eventId,
          messages.outputPayload(outputs, false, seconds, this.stats.average(dependency.id), null, changedStateIds),
        ),
      );
    } catch (error) {
      if (job.abort.signal.aborted) return;
      publish(
        messages.processFailed(eventId, this.#errorPayload(limit.timedOut() ? limit.error : error, job), !generated),
      );
    } finally {
      limit.dispose();
    }
  }

  /** The fn's call: in a worker thread when it blocks (see src/workers/pool.ts), else here. */
  #call(call: FnCall): Promise<unknown> {
    const { workers } = this.deps;
    if (workers?.runsInWorker(call.dependency)) return workers.call(call);
    call.onStart?.();
    return Promise.resolve(call.dependency.fn!(...call.args, call.context));
  }

  /** An event's run-time limit: its own `timeLimit`, else `maxRunSeconds`. A `.stream()` event's timeLimit bounds its stream instead. */
  #limitSeconds(dependency: QueuedCall["dependency"]): number | null {
    const own = dependency.streaming ? null : (dependency.options.timeLimit ?? null);
    return own ?? this.deps.maxRunSeconds ?? null;
  }

  /**
   * Runs events of one batch fn (`batch: true`) as ONE call: the fn gets one list per input (an item
   * per event, in order) and returns one list per output; each event gets its own items back. Each
   * event has its own process_starts/process_completed; a failure of the call fails them all alike.
   * Each item keeps its caller: its own request (`context.requests[i]`), its session's State, and its
   * outputs published to its own session.
   */
  async runBatch(given: readonly QueuedCall[]): Promise<void> {
    const { channels } = this.deps;
    const { dependency } = given[0]!;
    const publish = (job: QueuedCall, message: messages.QueueMessage) => {
      if (!job.abort.signal.aborted) channels.publish(job.sessionHash, message);
    };
    for (const job of given) publish(job, messages.processStarts(job.eventId, this.stats.average(dependency.id)));
    const items = await this.#prepareItems(given, publish);
    if (items.length === 0) return;
    const jobs = items.map((item) => item.job);
    const started = performance.now();
    // The call stops only when every one of its events is cancelled.
    const abort = new AbortController();
    const onAbort = () => {
      if (jobs.every((job) => job.abort.signal.aborted)) abort.abort();
    };
    for (const job of jobs) job.abort.signal.addEventListener("abort", onAbort, { once: true });
    onAbort();
    const first = jobs[0]!;
    const scope: EventScope = {
      eventId: first.eventId,
      log: (level, text, options) =>
        jobs.forEach((job) => publish(job, messages.log(job.eventId, text, level, options))),
      progress: (units) => jobs.forEach((job) => publish(job, messages.progress(job.eventId, units))),
    };
    const limit = runLimit(abort.signal, this.#limitSeconds(dependency));
    const context = batchContext(jobs, createProgress(scope), limit.signal);
    try {
      const lists = dependency.inputs.map((_, index) => items.map((item) => item.args[index]));
      const call = { dependency, args: lists, context, scope, signal: limit.signal, batch: true, onStart: limit.start };
      const result = await runInEventScope(scope, () => untilAborted(this.#call(call), limit.signal));
      const count = dependency.outputs.length;
      if (
        count > 0 &&
        (!Array.isArray(result) ||
          result.length !== count ||
          !result.every((list) => Array.isArray(list) && list.length === jobs.length))
      ) {
        throw new AppConfigError(
          `The batch fn of /${dependency.apiName} must return ${count} list(s), one per output, each with one item per input item (${jobs.length} here).`,
        );
      }
      const seconds = (performance.now() - started) / 1000;
      this.stats.record(dependency.id, seconds);
      await Promise.all(
        jobs.map(async (job, k) => {
          try {
            const items = count === 0 ? [] : (result as unknown[][]).map((list) => list[k]);
            // As in Gradio, a batch fn announces no State change.
            const { data: outputs } = await this.#postprocess(job, count === 1 ? items[0] : items);
            publish(
              job,
              messages.processCompleted(
                job.eventId,
                messages.outputPayload(outputs, false, seconds, this.stats.average(dependency.id)),
              ),
            );
          } catch (error) {
            publish(job, messages.processFailed(job.eventId, this.#errorPayload(error, job), true));
          }
        }),
      );
    } catch (error) {
      const payload = abort.signal.aborted ? null : this.#errorPayload(limit.timedOut() ? limit.error : error, first);
      if (payload) for (const job of jobs) publish(job, messages.processFailed(job.eventId, payload, true));
    } finally {
      limit.dispose();
      for (const job of jobs) job.abort.signal.removeEventListener("abort", onAbort);
    }
  }

  /**
   * A `.stream()` event (webcam/microphone): the first chunk came with the join; the fn runs once per
   * chunk, always on the latest one, and each result goes out as `process_streaming`. The event holds
   * its slot until the browser closes the stream, `timeLimit` seconds pass, or it is cancelled; then
   * `process_completed` repeats the last result.
   */
  async #runStream(job: QueuedCall): Promise<void> {
    const { eventId, dependency } = job;
    const publish = this.#publisher(job);
    const timeLimit = dependency.options.timeLimit ?? null;
    const started = performance.now();
    const deadline = timeLimit === null ? Number.POSITIVE_INFINITY : Date.now() + timeLimit * 1000;
    publish(messages.processStarts(eventId, this.stats.average(dependency.id)));
    const { scope, context } = eventScope(job, publish);
    this.streams.open(job);
    let outputs: unknown[] = dependency.outputs.map(() => null);
    try {
      let args: unknown[] | null = await this.#prepare(job);
      const stateChanges = await StateChanges.before(job, this.deps.states, this.deps.renders);
      const stream = async (value: unknown) => {
        const step = await this.#postprocess(job, value);
        outputs = step.data;
        const payload = messages.outputPayload(outputs, true, null, null, null, stateChanges.changed(step.states));
        publish(messages.processStreaming(eventId, payload, timeLimit));
      };
      while (args) {
        const call = { dependency, args: args, context, scope, signal: job.abort.signal, batch: false };
        const result = await runInEventScope(scope, () => untilAborted(this.#call(call), job.abort.signal));
        if (isIterator(result)) {
          for await (const value of iterate(result, job.abort.signal, scope)) await stream(value);
        } else {
          await stream(result);
        }
        args = await this.streams.next(eventId, deadline, job.abort.signal);
      }
      if (job.abort.signal.aborted) return;
      const seconds = (performance.now() - started) / 1000;
      publish(
        messages.processCompleted(
          eventId,
          messages.outputPayload(outputs, false, seconds, this.stats.average(dependency.id)),
        ),
      );
    } catch (error) {
      if (job.abort.signal.aborted) return;
      publish(messages.processFailed(eventId, this.#errorPayload(error, job), true));
    } finally {
      this.streams.end(eventId);
    }
  }

  /**
   * A gr.render event: the fn builds this session's blocks and events; the completion carries them as
   * `render_config` (its one output, the container, is null as in Gradio).
   */
  async #runRender(job: QueuedCall): Promise<void> {
    const { renders } = this.deps;
    const { eventId, dependency } = job;
    const { sessionHash } = job.request;
    const publish = this.#publisher(job);
    publish(messages.processStarts(eventId, this.stats.average(dependency.id)));
    const started = performance.now();
    const { scope, context } = eventScope(job, publish);
    try {
      const args = await this.#prepare(job);
      const tree = await runInEventScope(scope, () =>
        renders.render({ sessionHash, renderable: dependency.renderable!, args, data: job.data, context }),
      );
      const config = await renderConfig(
        tree,
        { files: this.deps.files, rootUrl: job.rootUrl },
        callableBy(userOf(job.request)),
      );
      if (job.abort.signal.aborted) return;
      const seconds = (performance.now() - started) / 1000;
      this.stats.record(dependency.id, seconds);
      publish(
        messages.processCompleted(
          eventId,
          messages.outputPayload([null], false, seconds, this.stats.average(dependency.id), config),
        ),
      );
    } catch (error) {
      if (job.abort.signal.aborted) return;
      publish(messages.processFailed(eventId, this.#errorPayload(error, job), true));
    }
  }

  /** The fn's inputs, made from the stored wire values now that the event runs (the one place they are prepared). */
  #prepare(job: QueuedCall): Promise<unknown[]> {
    return prepareInputs(job.dependency, job.data, job.request.sessionHash, this.deps.states, {
      files: this.deps.files,
      rootUrl: job.rootUrl,
    });
  }

  /** A batch's inputs, item by item: an item whose inputs cannot be prepared fails alone; the others still run. */
  async #prepareItems(
    jobs: readonly QueuedCall[],
    publish: (job: QueuedCall, message: messages.QueueMessage) => void,
  ): Promise<{ job: QueuedCall; args: unknown[] }[]> {
    const items = await Promise.all(
      jobs.map(async (job) => {
        try {
          return { job, args: await this.#prepare(job) };
        } catch (error) {
          publish(job, messages.processFailed(job.eventId, this.#errorPayload(error, job), true));
          return null;
        }
      }),
    );
    return items.filter((item) => item !== null);
  }

  /** Sends a message of this job to its session, unless the job was cancelled. */
  #publisher(job: QueuedCall): (message: messages.QueueMessage) => void {
    return (message) => {
      if (!job.abort.signal.aborted) this.deps.channels.publish(job.sessionHash, message);
    };
  }

  /**
   * The fn's result as wire values, one per output, and the new values it gave the States (by id). Each
   * component is the one the session sees (with the props its updates changed); an update's props are
   * kept for the session, so its next inputs are checked against them.
   */
  async #postprocess(job: QueuedCall, value: unknown): Promise<{ data: unknown[]; states: Map<number, unknown> }> {
    const values = valuesPerOutput(job.dependency, value);
    const context: ProcessContext = { files: this.deps.files, rootUrl: job.rootUrl };
    const outputs = await this.#outputsOf(job);
    const states = new Map<number, unknown>();
    const data = await Promise.all(
      outputs.map(async (output, i) => {
        const returned = values[i];
        if (output instanceof State) {
          // gr.update({ value }) sets a State too; an update without a value (gr.skip()) leaves it.
          if (isUpdate(returned) && !("value" in returned)) return null;
          const stateValue = isUpdate(returned) ? returned.value : returned;
          this.deps.states.set(job.request.sessionHash, output, stateValue);
          states.set(output.id, stateValue);
          return null;
        }
        if (!isComponent(output)) return layoutUpdate(job.dependency, output, returned, i);
        return isUpdate(returned)
          ? this.#applyUpdate(job, output, returned, context)
          : postprocessOutput(output, returned, context, i);
      }),
    );
    return { data, states };
  }

  #outputsOf(job: QueuedCall): Promise<Output[]> {
    let outputs = this.#sessionOutputs.get(job);
    if (!outputs) {
      outputs = sessionComponents(job.dependency.outputs, job.request.sessionHash, this.deps.states);
      this.#sessionOutputs.set(job, outputs);
    }
    return outputs;
  }

  /**
   * An update of a component, as Gradio sends it: the component rebuilt with the new props (kept for the
   * session), each prop as the rebuilt component has it (choices as [label, value] pairs...), and the
   * value processed by the rebuilt component.
   */
  async #applyUpdate(job: QueuedCall, component: Component, given: Update, context: ProcessContext): Promise<Update> {
    const props = propsOfUpdate(given);
    const changed = Object.keys(props).length > 0;
    const updated = changed ? component.withUpdatedProps(props) : component;
    if (changed) {
      this.deps.states.updateProps(job.request.sessionHash, component.id, props);
      const outputs = this.#sessionOutputs.get(job);
      if (outputs)
        this.#sessionOutputs.set(
          job,
          outputs.then((list) => list.map((c) => (c === component ? updated : c))),
        );
    }
    // A file an update names (a Button's icon) passes the file rules like any output.
    const shown = snakeProps({ ...updated.props(), ...(changed ? await updated.fileProps(context, false) : {}) });
    const wire: Props = Object.fromEntries(
      Object.entries(props).map(([key, value]) => [key, key in shown ? shown[key] : value]),
    );
    if ("value" in given) wire.value = await updated.postprocess(given.value as never, context);
    return { ...wire, __type__: "update" };
  }

  #errorPayload(error: unknown, job: QueuedCall): messages.ErrorPayload {
    if (error instanceof GradioError)
      return { error: error.message, duration: error.duration, visible: error.visible, title: error.title };
    // The caller's own input, refused when the event started (a file that does not decode…): they may know why.
    if (error instanceof InputsRejectedError) return { error: error.message, visible: true };
    this.deps.logger.error(
      { err: error, endpoint: `/${job.dependency.apiName}`, eventId: job.eventId },
      "The fn failed",
    );
    if (this.deps.showError && error instanceof Error && !(error instanceof AppConfigError))
      return { error: error.message, visible: true };
    return { error: null };
  }
}

/**
 * The fn's result, one value per output. Besides an array, a fn may return a Map from some of its output
 * components to their values (Gradio's dict return): the others are left as they are. A lone `gr.skip()`
 * leaves every output as it is.
 */
function valuesPerOutput(dependency: QueuedCall["dependency"], value: unknown): unknown[] {
  const { outputs } = dependency;
  if (value instanceof Map && [...value.keys()].every((key) => key instanceof Block))
    return valuesFromMap(dependency, value as Map<Block, unknown>);
  if (outputs.length === 0) return [];
  if (outputs.length === 1) return [value];
  if (isUpdate(value) && Object.keys(value).length === 1) return outputs.map(() => skip());
  if (Array.isArray(value) && value.length === outputs.length) return value;
  const returned = Array.isArray(value) ? `${value.length} values` : "a single value";
  throw new AppConfigError(
    `The fn of /${dependency.apiName} has ${outputs.length} outputs but returned ${returned}: return an array with one value per output, or a Map from output components to their values.`,
  );
}

function valuesFromMap(dependency: QueuedCall["dependency"], values: Map<Block, unknown>): unknown[] {
  for (const block of values.keys()) {
    if (!dependency.outputs.includes(block as Output)) {
      throw new AppConfigError(
        `The fn of /${dependency.apiName} returned a value for a ${block.type} (id ${block.id}) that is not one of its outputs: add it to \`outputs\`.`,
      );
    }
  }
  return dependency.outputs.map((output) => (values.has(output) ? values.get(output) : skip()));
}

/** One output's wire value; a remote file it names that could not be fetched is reported as this output's. */
async function postprocessOutput(
  output: Component<unknown>,
  returned: unknown,
  context: ProcessContext,
  index: number,
): Promise<unknown> {
  try {
    return await output.postprocess(returned as never, context);
  } catch (error) {
    throw namedRemoteOutputError(error, output, index);
  }
}

/**
 * A remote file an output names that the guarded fetcher refused: the caller sees why (the words say
 * nothing of the internal network) and which output it was, as a visible error.
 */
function namedRemoteOutputError(error: unknown, output: Component<unknown>, index: number): unknown {
  if (!(error instanceof RemoteOutputError)) return error;
  const label = output.label ? ` "${output.label}"` : "";
  return new GradioError(`Output ${index + 1}${label} (${output.type}): ${error.message}`);
}

/** A layout output takes only an update of its props (`visible`, `open`...), sent as it is. */
function layoutUpdate(dependency: QueuedCall["dependency"], layout: Output, returned: unknown, index: number): unknown {
  if (isUpdate(returned)) return returned;
  throw new AppConfigError(
    `The fn of /${dependency.apiName} returned a value for output ${index + 1}, a ${layout.type}: a layout holds no value, return gr.update({...}) of its props (visible, open...) or gr.skip().`,
  );
}

/** The signed-in user a job runs for (rebuilt from its request, which may come from another replica). */
function userOf(request: GradioRequest): SessionUser | null {
  return request.username === null ? null : { username: request.username, roles: [...request.roles] };
}

/** Where a fn's logs and progress go (the event's messages), and the EventContext it receives. */
function eventScope(
  job: QueuedCall,
  publish: (message: messages.QueueMessage) => void,
  signal = job.abort.signal,
): { scope: EventScope; context: EventContext } {
  const { eventId } = job;
  const scope: EventScope = {
    eventId,
    log: (level, text, options) => publish(messages.log(eventId, text, level, options)),
    progress: (units) => publish(messages.progress(eventId, units)),
  };
  const eventData = job.eventData ?? null;
  const context: EventContext = {
    request: job.request,
    requests: [job.request],
    progress: createProgress(scope),
    signal,
    eventData,
    eventDataOfItems: [eventData],
  };
  return { scope, context };
}

/**
 * A batch call's context: one request and one event data per item. It has no single caller, so
 * `request` throws instead of answering with one caller's identity for all of them.
 */
function batchContext(
  jobs: readonly QueuedCall[],
  progress: EventContext["progress"],
  signal: AbortSignal,
): EventContext {
  return {
    get request(): never {
      throw new AppConfigError(
        "A batch fn serves several callers in one call, so context.request is not one of them: use context.requests[i], the caller of item i.",
      );
    },
    requests: jobs.map((job) => job.request),
    progress,
    signal,
    eventData: null,
    eventDataOfItems: jobs.map((job) => job.eventData ?? null),
  };
}

interface RunLimit {
  signal: AbortSignal;
  /**
   * Starts the clock: when the fn starts, so waiting for a free worker does not count. Absent without a
   * limit, so a worker need not report when a fn starts (a message between threads per event).
   */
  start?: () => void;
  timedOut(): boolean;
  /** Made when first read (an error's stack trace costs more than the rest of a trivial event's limit). */
  readonly error: GradioError;
  dispose(): void;
}

/**
 * An event's own abort signal, also aborted when its run-time limit passes (which aborts a worker's
 * task, stopping its thread). `timedOut()` tells the two apart: a cancelled event says nothing more,
 * one that ran out of time fails with `error`.
 */
function runLimit(signal: AbortSignal, seconds: number | null): RunLimit {
  let error: GradioError | undefined;
  const timeLimitError = () =>
    (error ??= new GradioError(`This event ran longer than its time limit of ${seconds} s and was stopped.`));
  if (seconds === null) {
    return {
      signal,
      timedOut: () => false,
      get error() {
        return timeLimitError();
      },
      dispose: () => undefined,
    };
  }
  const deadline = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  return {
    signal: AbortSignal.any([signal, deadline.signal]),
    start: () => void (timer ??= setTimeout(() => deadline.abort(), seconds * 1000)),
    timedOut: () => deadline.signal.aborted && !signal.aborted,
    get error() {
      return timeLimitError();
    },
    dispose: () => clearTimeout(timer),
  };
}

/** Resolves with the fn's result, or stops waiting when the event is cancelled. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new Error("cancelled"));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error("cancelled"));
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => (signal.removeEventListener("abort", onAbort), resolve(value)),
      (error: unknown) => (signal.removeEventListener("abort", onAbort), reject(error)),
    );
  });
}

/** Steps a generator inside the event's scope, and closes it when the event is cancelled. */
async function* iterate(iterator: AnyIterator, signal: AbortSignal, scope: EventScope): AsyncGenerator<unknown> {
  try {
    while (!signal.aborted) {
      const step = await runInEventScope(scope, () => untilAborted(Promise.resolve(iterator.next()), signal));
      if (step.done) return;
      yield step.value;
    }
  } finally {
    // Not awaited: a cancelled async generator may still be busy in its current step.
    void Promise.resolve(iterator.return?.()).catch(() => undefined);
  }
}
