# The benchmark app for Python Gradio: the same endpoints as apps/gradio-ts-app.ts.
import os
import time

import gradio as gr

sleep_limit = int(os.environ.get("BENCH_SLEEP_LIMIT", "1"))


def echo(text):
    return text


def nap(text):
    time.sleep(0.1)
    return text


def count(text):
    for i in range(1000):
        yield f"{text}{i}"


def hold(text):
    time.sleep(600)
    return text


with gr.Blocks(title="bench") as demo:
    text = gr.Textbox(label="Text")
    out = gr.Textbox(label="Out")
    go = gr.Button("Go")
    go.click(echo, text, out, api_name="echo", concurrency_limit=None)
    go.click(nap, text, out, api_name="nap", concurrency_limit=sleep_limit)
    go.click(count, text, out, api_name="count", concurrency_limit=None)
    go.click(hold, text, out, api_name="hold", concurrency_limit=1)
    # A layout per session: `rows` rows of a textbox and a button with its own event.
    rows = gr.Number(value=0, label="Rows")

    @gr.render(inputs=rows, concurrency_limit=None)
    def table(n):
        for i in range(int(n)):
            with gr.Row():
                box = gr.Textbox(value=f"row {i}", key=f"row-{i}")
                gr.Button("Upper").click(lambda value: value.upper(), box, box)

demo.queue(default_concurrency_limit=1, max_size=None).launch(
    server_name="127.0.0.1", server_port=int(os.environ["BENCH_PORT"]), quiet=True, max_threads=80
)
