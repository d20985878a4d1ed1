// What the newer blocks refuse, each with a message naming the mistake.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as gr from "gradio-ts";

describe("render: false and .render()", () => {
  test("a block made with render: false has an id for events but no place in the layout until rendered", () => {
    let late!: gr.Textbox;
    const demo = new gr.Blocks({}, (app) => {
      late = new gr.Textbox({ render: false });
      new gr.Button().click({ fn: (s: string) => s, inputs: [late], outputs: [late] });
      assert.equal(app.children.length, 1);
      late.render();
    });
    assert.ok(late.id > 0);
    assert.deepEqual(
      demo.children.map((b) => b.type),
      ["button", "textbox"],
    );
  });

  test("rendering outside a Blocks or layout callback, or twice, is refused", () => {
    let late!: gr.Textbox;
    new gr.Blocks({}, () => {
      late = new gr.Textbox({ render: false });
      late.render();
      assert.throws(() => late.render(), /already in the layout; a block can be rendered only once/);
    });
    assert.throws(
      () => new gr.Textbox({ render: false }).render(),
      /can only be rendered inside a gr.Blocks or layout callback/,
    );
  });
});

describe("Sidebar", () => {
  test("refuses a position other than left or right, and a width that is not a length", () => {
    new gr.Blocks({}, () => {
      assert.throws(
        () => gr.Sidebar({ position: "top" as "left" }, () => {}),
        /Sidebar position must be "left" or "right", not "top"/,
      );
      assert.throws(
        () => gr.Sidebar({ width: -5 }, () => {}),
        /Sidebar width must be a positive number of pixels or a CSS length, not -5/,
      );
      assert.throws(() => gr.Sidebar({ width: "" }, () => {}), /Sidebar width must be/);
    });
  });
});
