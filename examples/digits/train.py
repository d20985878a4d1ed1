"""Trains the handwritten-digit classifier that examples/digits/app.ts serves, and exports it to ONNX.

The data is scikit-learn's bundled `load_digits` (1,797 digits of 8x8 pixels, each pixel the count of
ink in a 4x4 block of the original 32x32 scan, so 0..16): nothing is downloaded. Run it from the
repository's root:

    python3 -m venv node_modules/.cache/digits-train
    node_modules/.cache/digits-train/bin/pip install scikit-learn skl2onnx onnx pillow
    node_modules/.cache/digits-train/bin/python examples/digits/train.py

It writes examples/digits/digits.onnx (input "input": float32 [N, 64] on the 0..16 scale; outputs
"label": int64 [N] and "probabilities": float32 [N, 10]) and one held-out digit per class as a PNG in
examples/digits/samples/<label>-<row>.png (<row> is the digit's row in load_digits), drawn as dark ink
on white paper like a sketch, 8 screen pixels per data pixel.
"""

from pathlib import Path

import numpy as np
from PIL import Image
from skl2onnx import to_onnx
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

HERE = Path(__file__).resolve().parent
SEED = 0
PIXELS_PER_CELL = 8


def main() -> None:
    digits = load_digits()
    rows = np.arange(len(digits.target))
    x_train, x_test, y_train, y_test, _, rows_test = train_test_split(
        digits.data.astype(np.float32), digits.target, rows, test_size=0.25, random_state=SEED, stratify=digits.target
    )
    model = make_pipeline(
        StandardScaler(), MLPClassifier(hidden_layer_sizes=(64,), alpha=1e-3, max_iter=1000, random_state=SEED)
    )
    model.fit(x_train, y_train)
    print(f"held-out accuracy: {model.score(x_test, y_test):.4f} on {len(y_test)} digits")

    onnx_model = to_onnx(model, x_train[:1], options={"zipmap": False}, target_opset=17)
    rename_io(onnx_model)
    (HERE / "digits.onnx").write_bytes(onnx_model.SerializeToString())

    write_samples(model, x_test, y_test, rows_test)


def rename_io(onnx_model) -> None:
    """Gives the graph's input and outputs the plain names the app uses."""
    graph = onnx_model.graph
    renames = {graph.input[0].name: "input", graph.output[0].name: "label", graph.output[1].name: "probabilities"}
    for node in graph.node:
        node.input[:] = [renames.get(name, name) for name in node.input]
        node.output[:] = [renames.get(name, name) for name in node.output]
    for value in [*graph.input, *graph.output]:
        value.name = renames.get(value.name, value.name)


def write_samples(model, x_test, y_test, rows_test) -> None:
    """One held-out digit per class, the first the model gets right with confidence (so the test can assert it)."""
    out = HERE / "samples"
    out.mkdir(exist_ok=True)
    for old in out.glob("*.png"):
        old.unlink()
    probabilities = model.predict_proba(x_test)
    for label in range(10):
        for pixels, truth, row, p in zip(x_test, y_test, rows_test, probabilities):
            if truth == label and p.argmax() == label and p.max() > 0.95:
                ink = pixels.reshape(8, 8) / 16.0
                grey = np.round(255 * (1 - ink)).astype(np.uint8)
                big = np.kron(grey, np.ones((PIXELS_PER_CELL, PIXELS_PER_CELL), dtype=np.uint8))
                Image.fromarray(big, mode="L").save(out / f"{label}-{row}.png", optimize=True)
                print(f"sample {label}-{row}.png: confidence {p.max():.3f}")
                break


if __name__ == "__main__":
    main()
