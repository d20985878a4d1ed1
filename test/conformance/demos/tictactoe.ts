// Port of Gradio's demo/tictactoe: a read-only Dataframe whose select event (the cell's index and value)
// places the next mark.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";
import { until } from "../until.js";

type Board = (string | number | boolean | null)[][];

export default defineDemo({
  name: "tictactoe",
  knownGap: "Dataframe API info: the default and type of a Dataframe input differ from Gradio's",
  python: `
import gradio as gr

with gr.Blocks() as demo:
    turn = gr.Textbox("X", interactive=False, label="Turn")
    board = gr.Dataframe(value=[["", "", ""]] * 3, interactive=False, type="array")

    def place(board: list[list[int]], turn, evt: gr.SelectData):
        if evt.value:
            return board, turn
        board[evt.index[0]][evt.index[1]] = turn
        turn = "O" if turn == "X" else "X"
        return board, turn

    board.select(place, [board, turn], [board, turn], show_progress="hidden")
`,
  app: () =>
    new gr.Blocks({}, () => {
      const turn = new gr.Textbox({ value: "X", interactive: false, label: "Turn" });
      const board = new gr.Dataframe({ value: [["", "", ""], ["", "", ""], ["", "", ""]], interactive: false });
      board.select({
        inputs: [board, turn],
        outputs: [board, turn],
        showProgress: "hidden",
        // Gradio's type="array" hands the fn a list of rows; gradio-ts hands it { headers, data }.
        fn: function place(table: { data: Board }, mark: string, { eventData }: gr.EventContext) {
          const grid = table.data;
          const event = eventData as { index: [number, number]; value: unknown } | null;
          if (!event || event.value) return [grid, mark];
          grid[event.index[0]]![event.index[1]] = mark;
          return [grid, mark === "X" ? "O" : "X"];
        },
      });
    }),
  browser: async (page) => {
    await page.getByRole("gridcell").nth(4).click();
    const turn = await until(() => page.getByLabel("Turn").inputValue(), (text) => text === "O");
    const cells = () => page.getByRole("gridcell").allInnerTexts();
    return { turn, cells: await until(cells, (texts) => texts.some((text) => text.trim() === "X")) };
  },
});
