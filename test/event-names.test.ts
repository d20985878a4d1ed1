// Registering an event a block does not fire is refused at build time, naming the block and the event
// (the types refuse it too: test/types/event-names.ts); events it fires register as before.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as gr from "gradio-ts";

describe("event names", () => {
  test("gr.on with an event the component does not fire throws, naming both", () => {
    assert.throws(
      () =>
        new gr.Blocks({}, () => {
          const text = new gr.Textbox();
          gr.on([[text, "key_up"]] as never, { fn: () => "x", outputs: text });
        }),
      {
        name: "AppConfigError",
        message: 'A textbox has no "key_up" event; it fires: blur, change, copy, focus, input, select, stop, submit.',
      },
    );
  });

  test("a layout that fires nothing says so", () => {
    assert.throws(
      () =>
        new gr.Blocks({}, () => {
          const row = gr.Row(() => {});
          gr.on([[row, "click"]] as never, { fn: () => "x" });
        }),
      /A row has no "click" event; it fires: none\./,
    );
  });

  test("a gr.render trigger is checked the same way", () => {
    assert.throws(
      () =>
        new gr.Blocks({}, () => {
          const go = new gr.Button();
          gr.render({ triggers: [[go, "submit"]] }, () => {});
        }),
      /A button has no "submit" event; it fires: change, click, input\./,
    );
  });

  test("events the blocks fire register, with Gradio's names in the config", async () => {
    const demo = new gr.Blocks({}, (app) => {
      const text = new gr.Textbox();
      const audio = new gr.Audio();
      const tabs = gr.Tabs(() => {
        gr.Tab("one", () => {}).select({ fn: () => "tab", outputs: text });
      });
      const accordion = gr.Accordion("more", () => {});
      gr.on(
        [
          [text, "focus"],
          [text, "blur"],
          [audio, "start_recording"],
          [tabs, "change"],
          [accordion, "expand"],
          [app, "load"],
        ],
        { fn: () => "x", outputs: text },
      );
    });
    const events = demo.dependencies.flatMap((d) => d.targets.map(([, event]) => event));
    assert.deepEqual(events, ["select", "focus", "blur", "start_recording", "change", "expand", "load"]);
  });
});
