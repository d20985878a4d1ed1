# The responsiveness benchmark's app for Python Gradio: the same fns as apps/burn-echo.ts.
import os
import time

import gradio as gr


def burn(seconds):
    end = time.time() + seconds
    while time.time() < end:
        pass
    return "done"


def echo(text):
    return text


with gr.Blocks(title="burn-echo") as demo:
    seconds = gr.Number(label="seconds")
    text = gr.Textbox(label="text")
    out = gr.Textbox(label="out")
    go = gr.Button()
    go.click(burn, [seconds], [out], api_name="burn")
    go.click(echo, [text], [out], api_name="echo")

demo.queue(default_concurrency_limit=4)
demo.launch(server_name="127.0.0.1", server_port=int(os.environ["BENCH_PORT"]))
