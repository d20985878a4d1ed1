// The handwritten-digit classifier on its own: `npx gradio-ts examples/digits/app.ts` (or `npm start` for
// the whole gallery, where it is one tab).
import { digits } from "./digits.js";

await digits.launch();
