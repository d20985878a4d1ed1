# The Python Gradio twin of examples/digits/app.ts for bench/model-serving.ts: the same ONNX model, run by
# onnxruntime, behind the same interface (an image in, the top three digits out), with the same
# preprocessing (grey on white, paper found from the border, an area average down to the 8x8 grid).
from pathlib import Path

import gradio as gr
import numpy as np
import onnxruntime
from PIL import Image

MODEL = Path(__file__).resolve().parents[2] / "examples" / "digits" / "digits.onnx"
GRID = 8
FULL_CELL = 16
WORKING_SIZE = 256

session = onnxruntime.InferenceSession(str(MODEL), providers=["CPUExecutionProvider"])


def digit_features(picture: Image.Image) -> np.ndarray:
    rgba = picture.convert("RGBA")
    grey = Image.alpha_composite(Image.new("RGBA", rgba.size, "white"), rgba).convert("L")
    grey.thumbnail((WORKING_SIZE, WORKING_SIZE))
    pixels = np.asarray(grey, dtype=np.float32)
    border = np.concatenate([pixels[0], pixels[-1], pixels[1:-1, 0], pixels[1:-1, -1]])
    paper = float(np.sort(border)[len(border) // 2])
    if paper >= 128:
        ink = (paper - pixels) / max(1.0, paper)
    else:
        ink = (pixels - paper) / max(1.0, 255.0 - paper)
    ink = np.clip(ink, 0.0, 1.0)
    height, width = ink.shape
    side = max(width, height)
    square = np.zeros((side, side), dtype=np.float32)
    top, left = (side - height) // 2, (side - width) // 2
    square[top : top + height, left : left + width] = ink
    cells = Image.fromarray(square, mode="F").resize((GRID, GRID), Image.Resampling.BOX)
    return (np.asarray(cells, dtype=np.float32) * FULL_CELL).reshape(1, GRID * GRID)


def classify_digit(picture):
    if picture is None:
        raise gr.Error("Upload or paste a picture of one handwritten digit first.")
    (probabilities,) = session.run(["probabilities"], {"input": digit_features(picture)})
    return {str(digit): float(p) for digit, p in enumerate(probabilities[0])}


demo = gr.Interface(
    fn=classify_digit,
    inputs=gr.Image(type="pil", image_mode="RGBA", label="Digit"),
    outputs=gr.Label(num_top_classes=3, label="Most likely digits"),
    title="Handwritten digits",
)

if __name__ == "__main__":
    demo.launch(server_name="127.0.0.1")
