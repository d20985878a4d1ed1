# The hello app for Python Gradio: the same Interface as apps/hello.ts, launched the same way
# (the port comes from GRADIO_SERVER_PORT).
import gradio as gr


def greet(name, times):
    return f"Hello {name}" + "!" * int(times)


demo = gr.Interface(fn=greet, inputs=["text", gr.Slider(minimum=1, maximum=5, step=1, value=1)], outputs="text")
demo.launch()
