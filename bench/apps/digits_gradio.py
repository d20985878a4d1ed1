# The Python Gradio twin of examples/digits/app.ts for bench/model-serving.ts: the same ONNX model, run by
# onnxruntime, behind the same interface (an image in, the top three digits out), with the same
# preprocessing (grey on white, paper found from the border, the digit cropped to its ink and centred in a
# square, an area average down to the 8x8 grid).
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


INK_EDGE = 0.2


def ink_box(ink: np.ndarray) -> tuple[int, int, int, int]:
    """The smallest (left, top, width, height) holding ink at least INK_EDGE, or the whole picture."""
    rows = np.flatnonzero((ink >= INK_EDGE).any(axis=1))
    cols = np.flatnonzero((ink >= INK_EDGE).any(axis=0))
    if rows.size == 0:
        return 0, 0, ink.shape[1], ink.shape[0]
    return int(cols[0]), int(rows[0]), int(cols[-1] - cols[0] + 1), int(rows[-1] - rows[0] + 1)


def square_around(box: tuple[int, int, int, int], width: int, height: int) -> tuple[int, int, int]:
    """A square as long as the ink's longer side, centred on it, moved inside the picture where it fits."""
    left, top, box_width, box_height = box
    side = max(box_width, box_height)

    def place(start: int, length: int, room: int) -> int:
        centred = round(start + length / 2 - side / 2)
        return min(max(0, centred), room - side) if room >= side else centred

    return place(left, box_width, width), place(top, box_height, height), side


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
    left, top, side = square_around(ink_box(ink), width, height)
    # Only the part of the square inside the picture holds ink; the rest is paper.
    square = np.zeros((side, side), dtype=np.float32)
    y0, y1 = max(0, top), min(height, top + side)
    x0, x1 = max(0, left), min(width, left + side)
    square[y0 - top : y1 - top, x0 - left : x1 - left] = ink[y0:y1, x0:x1]
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
