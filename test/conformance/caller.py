"""Calls Gradio apps through the official gradio_client, one JSON request per stdin line.

A request is {"base": url, "api": "/name", "args": [...]}, where an argument {"$file": path} is sent as
handle_file(path). The answer, one JSON line per request, is {"result": ...} or {"error": message}.
Results are made comparable across servers: tuples become lists, floats are rounded, and a file the
client downloaded becomes a description of its content (decoded pixels for images, since two servers
may encode the same picture with different bytes).
"""
import hashlib
import json
import math
import os
import sys
import tempfile

from gradio_client import Client, handle_file

DOWNLOADS = tempfile.mkdtemp(prefix="conformance-downloads-")
clients = {}


def client_for(base):
    if base not in clients:
        clients[base] = Client(base, verbose=False, download_files=DOWNLOADS)
    return clients[base]


def describe_file(path):
    ext = os.path.splitext(path)[1].lower()
    with open(path, "rb") as handle:
        data = handle.read()
    if ext in (".png", ".jpg", ".jpeg", ".webp", ".gif", ".bmp"):
        try:
            from PIL import Image

            with Image.open(path) as image:
                rgba = image.convert("RGBA")
                return {"image": list(rgba.size), "pixels": hashlib.sha256(rgba.tobytes()).hexdigest()[:16]}
        except Exception:
            pass
    return {"file": ext, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()[:16]}


def comparable(value):
    if isinstance(value, (list, tuple)):
        return [comparable(item) for item in value]
    if isinstance(value, dict):
        return {str(key): comparable(item) for key, item in value.items()}
    if isinstance(value, float):
        return value if not math.isfinite(value) else float(f"{value:.6g}")
    if isinstance(value, str) and value.startswith(DOWNLOADS) and os.path.isfile(value):
        return describe_file(value)
    return value


def argument(value):
    if isinstance(value, dict) and set(value) == {"$file"}:
        return handle_file(value["$file"])
    if isinstance(value, list):
        return [argument(item) for item in value]
    if isinstance(value, dict):
        return {key: argument(item) for key, item in value.items()}
    return value


for line in sys.stdin:
    request = json.loads(line)
    try:
        client = client_for(request["base"])
        job = client.submit(*[argument(arg) for arg in request["args"]], api_name=request["api"])
        answer = {"result": comparable(job.result(timeout=120))}
    except Exception as error:  # the error itself is the answer being compared
        answer = {"error": f"{type(error).__name__}: {error}"}
    print(json.dumps(answer, default=str), flush=True)
