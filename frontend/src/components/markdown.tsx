/** Markdown, sanitized; part of the main bundle since nearly every app has a title or description. */
import { useEffect, useState } from "preact/hooks";
import { Frame, Label, text, useDispatcher, useProps } from "../block.js";
import { loadFullRenderer, needsFullRenderer, renderSimple } from "../markdown.js";
import { CopyButton } from "./textbox.js";

/** Sanitized Markdown; the full renderer loads only for text that needs it. */
export function MarkdownView({ source, class: className }: { source: string; class?: string }) {
  const full = needsFullRenderer(source);
  const [html, setHtml] = useState(() => (full ? "" : renderSimple(source)));
  useEffect(() => {
    if (!full) return setHtml(renderSimple(source));
    let current = true;
    void loadFullRenderer().then((render) => current && setHtml(render(source)));
    return () => {
      current = false;
    };
  }, [source, full]);
  return <div class={`prose ${className ?? ""}`} dir="auto" dangerouslySetInnerHTML={{ __html: html }} />;
}

export function Markdown({ id }: { id: number }) {
  const dispatcher = useDispatcher();
  const props = useProps(id);
  const source = text(props.value);
  return (
    <Frame id={id} type="markdown" props={{ ...props, container: false }}>
      {props.show_label === true && <Label props={props} fallback="Markdown" as="span" />}
      {Array.isArray(props.buttons) && props.buttons.includes("copy") && source && (
        <div class="md-copy">
          <CopyButton value={source} onCopied={() => dispatcher.trigger(id, "copy", { value: source })} />
        </div>
      )}
      <MarkdownView source={source} />
    </Frame>
  );
}
