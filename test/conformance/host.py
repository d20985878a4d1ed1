"""Serves Python Gradio twins of the conformance demos, each mounted at /<name>/ of one server.

Usage: host.py <demos.json> <port>. The JSON maps a demo's name to the source of its twin: a script
that builds `demo` (and does not launch it; `__name__` is not "__main__" here).
"""
import json
import sys
import traceback

import gradio as gr
import uvicorn
from fastapi import FastAPI

app = FastAPI()
with open(sys.argv[1], encoding="utf-8") as handle:
    sources = json.load(handle)
for name, source in sources.items():
    namespace = {"__name__": f"twin_{name}"}
    # Block ids count from 0 in every twin, as in an app on its own: unlabelled components are named
    # after their ids in the API ("parameter_1"), so a count running on across twins would differ.
    gr.context.Context.id = 0
    try:
        exec(compile(source, f"<twin {name}>", "exec"), namespace)
        app = gr.mount_gradio_app(app, namespace["demo"], path=f"/{name}")
    except Exception:
        # One broken twin must not take the others down; its tests fail with this on stderr.
        print(f"twin {name} failed to build:\n{traceback.format_exc()}", file=sys.stderr, flush=True)

uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning")
