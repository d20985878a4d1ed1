// Type tests for event names: `npm run typecheck` compiles this file; every `@ts-expect-error` line must
// fail to compile, or the check itself fails. Nothing here runs.
import * as gr from "gradio-ts";

export function eventNames() {
  return new gr.Blocks({}, (demo) => {
    const text = new gr.Textbox();
    const audio = new gr.Audio();
    const go = new gr.Button();
    const out = new gr.Textbox();
    let tabs: ReturnType<typeof gr.Tabs> | null = null;
    tabs = gr.Tabs(() => void gr.Tab("one", () => {}));

    gr.on(
      [
        [text, "submit"],
        [text, "focus"],
        [text, "blur"],
        [go, "click"],
        [audio, "start_recording"],
        [demo, "load"],
      ],
      { fn: () => "x", outputs: out },
    );
    gr.on([[tabs, "change"]], { fn: () => "x", outputs: out });
    gr.on(
      [
        [text, "change"],
        [text, "input"],
      ],
      { fn: (s: string) => s, inputs: text, outputs: out },
    );

    // Each listener's fn gets its event's data, typed.
    const dropdown = new gr.Dropdown({ choices: ["a"] });
    gr.on([[dropdown, "key_up"]], { fn: () => "x", outputs: out });
    dropdown.keyUp({ inputs: [], fn: (context) => context.eventData?.key ?? "", outputs: out });
    text.select({ fn: (value: string, context) => `${value}${String(context.eventData?.index)}`, inputs: text });
    text.copy({ inputs: [], fn: (context) => String(context.eventData?.value) });
    new gr.File().delete({ inputs: [], fn: (context) => context.eventData?.file.path ?? "" });
    // @ts-expect-error: SelectData has no "key"
    text.select({ inputs: [], fn: (context) => context.eventData?.key });
    // @ts-expect-error: a Textbox fires no "key_up" (in Gradio 6 either)
    gr.on([[text, "key_up"]], { fn: () => "x", outputs: out });
    const mixed = [
      [text, "submit"],
      [go, "submit"],
    ] as const;
    // @ts-expect-error: a Button fires no "submit"
    gr.on(mixed, { fn: () => "x", outputs: out });
    // @ts-expect-error: a typo
    gr.on([[go, "clik"]], { fn: () => "x", outputs: out });
    // @ts-expect-error: a Row fires nothing
    gr.on([[gr.Row(() => {}), "click"]], { fn: () => "x", outputs: out });
  });
}
