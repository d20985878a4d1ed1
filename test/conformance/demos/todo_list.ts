// Port of Gradio's demo/todo_list: a State list of tasks, rendered by gr.render with Done/Delete buttons
// whose events (created inside the render fn) change the State and so re-render.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";
import { until } from "../until.js";

interface Task {
  name: string;
  complete: boolean;
}

export default defineDemo({
  name: "todo_list",
  python: `
import gradio as gr

with gr.Blocks() as demo:

    tasks = gr.State([])
    new_task = gr.Textbox(label="Task Name", autofocus=True, max_lines=1)

    def add_task(tasks, new_task_name):
        return tasks + [{"name": new_task_name, "complete": False}], ""

    new_task.submit(add_task, [tasks, new_task], [tasks, new_task])

    @gr.render(inputs=tasks)
    def render_todos(task_list):
        complete = [task for task in task_list if task["complete"]]
        incomplete = [task for task in task_list if not task["complete"]]
        gr.Markdown(f"### Incomplete Tasks ({len(incomplete)})")
        for task in incomplete:
            with gr.Row():
                gr.Textbox(task['name'], show_label=False, container=False)
                done_btn = gr.Button("Done", scale=0)
                def mark_done(task=task):
                    task["complete"] = True
                    return task_list
                done_btn.click(mark_done, None, [tasks])

                delete_btn = gr.Button("Delete", scale=0, variant="stop")
                def delete(task=task):
                    task_list.remove(task)
                    return task_list
                delete_btn.click(delete, None, [tasks])

        gr.Markdown(f"### Complete Tasks ({len(complete)})")
        for task in complete:
            gr.Textbox(task['name'], show_label=False, container=False)
`,
  app: () =>
    new gr.Blocks({}, () => {
      const tasks = new gr.State<Task[]>({ value: [] });
      const newTask = new gr.Textbox({ label: "Task Name", autofocus: true, maxLines: 1 });
      newTask.submit({
        inputs: [tasks, newTask],
        outputs: [tasks, newTask],
        fn: function add_task(tasks: Task[] | null, new_task_name: string) {
          return [[...(tasks ?? []), { name: new_task_name, complete: false }], ""];
        },
      });
      gr.render({ inputs: tasks }, function render_todos(taskList: Task[] | null) {
        const list = taskList ?? [];
        const complete = list.filter((task) => task.complete);
        const incomplete = list.filter((task) => !task.complete);
        new gr.Markdown(`### Incomplete Tasks (${incomplete.length})`);
        for (const task of incomplete) {
          gr.Row(() => {
            new gr.Textbox({ value: task.name, showLabel: false, container: false });
            new gr.Button({ value: "Done", scale: 0 }).click({
              outputs: [tasks],
              fn: function mark_done() {
                task.complete = true;
                return list;
              },
            });
            new gr.Button({ value: "Delete", scale: 0, variant: "stop" }).click({
              outputs: [tasks],
              fn: function delete_() {
                list.splice(list.indexOf(task), 1);
                return list;
              },
            });
          });
        }
        new gr.Markdown(`### Complete Tasks (${complete.length})`);
        for (const task of complete) new gr.Textbox({ value: task.name, showLabel: false, container: false });
      });
    }),
  browser: async (page) => {
    for (const name of ["milk", "eggs"]) {
      await page.getByLabel("Task Name").fill(name);
      await page.getByLabel("Task Name").press("Enter");
      await until(() => page.getByRole("heading", { name: /Incomplete Tasks/ }).innerText(), (text) => text.includes(name === "milk" ? "(1)" : "(2)"));
    }
    await page.getByRole("button", { name: "Done" }).first().click();
    const complete = await until(() => page.getByRole("heading", { name: /Complete Tasks/ }).last().innerText(), (text) => text.includes("(1)"));
    const incomplete = await page.getByRole("heading", { name: /Incomplete Tasks/ }).innerText();
    return { incomplete, complete };
  },
});
