/**
 * gr.State in the browser: an event that changes a State fires that State's `.change` listeners and
 * re-runs the gr.render fns that read it (the server announces it in `changed_state_ids`), as in
 * Gradio's to-do list demo.
 */
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import * as gr from "gradio-ts";
import type { Browser } from "playwright-core";
import { browserSuite, onPage } from "../frontend/e2e/harness.js";

let browser: Browser;
const start = browserSuite((launched) => (browser = launched));

interface Task {
  name: string;
  complete: boolean;
}

describe("gr.State changes in the browser", () => {
  let url: string;

  before(async () => {
    const demo = new gr.Blocks({}, () => {
      const tasks = new gr.State<Task[]>([]);
      const newTask = new gr.Textbox({ label: "Task Name" });
      newTask.submit({
        fn: (list: Task[], name: string) => [[...list, { name, complete: false }], ""],
        inputs: [tasks, newTask],
        outputs: [tasks, newTask],
      });
      gr.render({ inputs: [tasks] }, (list: Task[]) => {
        const incomplete = list.filter((task) => !task.complete);
        new gr.Markdown(`### Incomplete Tasks (${incomplete.length})`);
        for (const task of incomplete) {
          new gr.Textbox({ value: task.name, label: `task ${task.name}` });
          new gr.Button(`Done ${task.name}`).click({
            fn: () => {
              task.complete = true;
              return list;
            },
            outputs: [tasks],
          });
        }
        new gr.Markdown(`### Complete Tasks (${list.length - incomplete.length})`);
      });
      const count = new gr.Number({ label: "changes seen" });
      tasks.change({ fn: (list: Task[]) => list.length, inputs: [tasks], outputs: [count] });
    });
    url = await start(demo);
  });

  test("adding a task shows it; marking it done moves it", async (t) => {
    await onPage(t, browser, url, async (page) => {
      await page.getByText("Incomplete Tasks (0)").waitFor();
      const name = page.getByLabel("Task Name", { exact: true });
      await name.fill("milk");
      await name.press("Enter");
      await page.getByText("Incomplete Tasks (1)").waitFor();
      assert.equal(await page.getByLabel("task milk", { exact: true }).inputValue(), "milk");
      const seen = await page.getByLabel("changes seen", { exact: true }).elementHandle();
      await page.waitForFunction((input) => (input as HTMLInputElement).value === "1", seen);

      await page.getByRole("button", { name: "Done milk" }).click();
      await page.getByText("Complete Tasks (1)").waitFor();
      await page.getByText("Incomplete Tasks (0)").waitFor();
    });
  });
});
