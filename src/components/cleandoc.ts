/**
 * Python's `inspect.cleandoc`, which Gradio applies to Markdown values and chat text: a developer writes
 * an indented triple-quoted string, and `# Title` must still be a heading rather than an indented code
 * block. Tabs expand to 8 columns; the first line loses its leading blanks, the others the indent they
 * share; blank lines at both ends go.
 */
export function cleandoc(text: string): string {
  const lines = text.split("\n").map(expandTabs);
  let margin = Infinity;
  for (const line of lines.slice(1)) {
    const content = line.trimStart();
    if (content) margin = Math.min(margin, line.length - content.length);
  }
  lines[0] = lines[0]!.trimStart();
  if (margin !== Infinity) for (let i = 1; i < lines.length; i++) lines[i] = lines[i]!.slice(margin);
  while (lines.length > 0 && !lines.at(-1)) lines.pop();
  while (lines.length > 0 && !lines[0]) lines.shift();
  return lines.join("\n");
}

function expandTabs(line: string): string {
  if (!line.includes("\t")) return line;
  let out = "";
  for (const char of line) out += char === "\t" ? " ".repeat(8 - (out.length % 8)) : char;
  return out;
}
