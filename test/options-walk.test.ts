// No silent no-ops: every property of every exported `*Options` type of the public API must be handled.
// The TypeScript compiler lists them; each must either reach the wire (a key of the block's props, of an
// event's dependency config, or of the app's config), or be named in SERVER_SIDE below with the test
// file that proves what it does (the file must mention the option). An option that is neither fails
// this test by name: implement it, or remove it from the types and refuse it at run time.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import ts from "typescript";
import * as gr from "gradio-ts";
import type { Block } from "../src/blocks/block.js";
import { dependencyConfig } from "../src/blocks/config.js";

const snake = (name: string) => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/** Every exported `*Options` type of src/index.ts → its property names (inherited ones included). */
function exportedOptions(): Map<string, string[]> {
  const program = ts.createProgram(["src/index.ts"], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    customConditions: ["source"],
  });
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile("src/index.ts")!)!;
  const found = new Map<string, string[]>();
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    if (!exported.name.endsWith("Options")) continue;
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    found.set(
      exported.name,
      checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(symbol)).map((p) => p.name),
    );
  }
  return found;
}

/** Options types whose properties become props of a block: how to build one (inside a Blocks). */
const BLOCKS: Record<string, () => Block> = {
  ComponentOptions: () => new gr.Textbox(),
  TextboxOptions: () => new gr.Textbox(),
  NumberOptions: () => new gr.Number(),
  SliderOptions: () => new gr.Slider(),
  CheckboxGroupOptions: () => new gr.CheckboxGroup({ choices: ["a"] }),
  DropdownOptions: () => new gr.Dropdown({ choices: ["a"] }),
  RadioOptions: () => new gr.Radio({ choices: ["a"] }),
  MarkdownOptions: () => new gr.Markdown(),
  LabelOptions: () => new gr.Label(),
  ButtonOptions: () => new gr.Button(),
  FileOptions: () => new gr.File(),
  ImageOptions: () => new gr.Image(),
  ImageSliderOptions: () => new gr.ImageSlider(),
  DialogueOptions: () => new gr.Dialogue(),
  ImageEditorOptions: () => new gr.ImageEditor(),
  AudioOptions: () => new gr.Audio(),
  VideoOptions: () => new gr.Video(),
  GalleryOptions: () => new gr.Gallery(),
  DataframeOptions: () => new gr.Dataframe(),
  ChatbotOptions: () => new gr.Chatbot(),
  NativePlotOptions: () => new gr.LinePlot({ x: "x", y: "y" }),
  PlotOptions: () => new gr.Plot(),
  CodeOptions: () => new gr.Code(),
  HighlightedTextOptions: () => new gr.HighlightedText(),
  AnnotatedImageOptions: () => new gr.AnnotatedImage(),
  DateTimeOptions: () => new gr.DateTime(),
  UploadButtonOptions: () => new gr.UploadButton(),
  DownloadButtonOptions: () => new gr.DownloadButton(),
  TimerOptions: () => new gr.Timer(),
  BrowserStateOptions: () => new gr.BrowserState(),
  MultimodalTextboxOptions: () => new gr.MultimodalTextbox(),
  Model3DOptions: () => new gr.Model3D(),
  RowOptions: () => gr.Row(() => {}),
  ColumnOptions: () => gr.Column(() => {}),
  TabOptions: () => gr.Tabs(() => void gr.Tab("t", () => {})).children[0]!,
  TabsOptions: () => gr.Tabs(() => {}),
  AccordionOptions: () => gr.Accordion("a", () => {}),
  SidebarOptions: () => gr.Sidebar(() => {}),
  ClearButtonOptions: () => new gr.ClearButton(),
  NavbarOptions: () => new gr.Navbar(),
};

/**
 * Options that do their work on the server (or build other blocks) rather than travel as a prop of
 * their own, each with the test file that proves it. Reviewed by hand: keep it honest.
 */
const SERVER_SIDE: Record<string, string> = {
  // Props that Gradio names differently on the wire, or that shape another prop.
  "ComponentOptions.value": "test/components-data.test.ts",
  "*.value": "test/components-data.test.ts",
  "*.key": "test/render.test.ts",
  "*.preservedByKey": "test/render.test.ts",
  "*.render": "test/unit-surface.test.ts",
  "TextboxOptions.maxLength": "test/bad-input.test.ts",
  "CodeOptions.maxLength": "test/components-data.test.ts",
  "MultimodalTextboxOptions.maxLength": "test/options-limits.test.ts",
  "DataframeOptions.maxBytes": "test/options-limits.test.ts",
  "GalleryOptions.maxItems": "test/options-limits.test.ts",
  "ChatbotOptions.maxMessages": "test/options-limits.test.ts",
  "MultimodalTextboxOptions.maxFiles": "test/options-limits.test.ts",
  "ImageOptions.maxPixels": "test/decode-bombs.test.ts",
  "ImageSliderOptions.maxPixels": "test/fidelity-widgets.test.ts",
  "DialogueOptions.formatter": "test/fidelity-widgets.test.ts",
  "AnnotatedImageOptions.maxPixels": "test/decode-bombs.test.ts",
  "AudioOptions.maxSamples": "test/decode-bombs.test.ts",
  // Event options the queue and the API apply.
  "EventOptions.fn": "test/run-predict.test.ts",
  "EventOptions.showApi": "test/options-behaviour.test.ts",
  "EventOptions.concurrencyLimit": "test/queue-contract.test.ts",
  "EventOptions.concurrencyId": "test/options-behaviour.test.ts",
  "EventOptions.roles": "test/security-roles-ratelimit.test.ts",
  "EventOptions.maxBatchSize": "test/batch-queue.test.ts",
  "EventOptions.every": "test/options-behaviour.test.ts",
  "EventOptions.streamEvery": "test/stream-events.test.ts",
  "EventOptions.timeLimit": "test/stream-events.test.ts",
  "RenderOptions.inputs": "test/render.test.ts",
  "RenderOptions.triggers": "test/render.test.ts",
  "RenderOptions.triggerMode": "test/options-behaviour.test.ts",
  "RenderOptions.queue": "test/render.test.ts",
  "RenderOptions.concurrencyLimit": "test/options-behaviour.test.ts",
  "RenderOptions.concurrencyId": "test/options-behaviour.test.ts",
  "RenderOptions.showProgress": "test/options-behaviour.test.ts",
  "QueueOptions.maxSize": "test/queue-contract.test.ts",
  "QueueOptions.defaultConcurrencyLimit": "test/options-behaviour.test.ts",
  "InterfaceOptions.description": "test/browser-interface.test.ts",
  "InterfaceOptions.live": "test/browser-interface.test.ts",
  "ChatInterfaceOptions.showProgress": "test/chat-interface.test.ts",
  "EventOptions.rerun": "test/redis-faults.test.ts",
  "EventOptions.runIn": "test/workers-features.test.ts",
  "FlagOptions.flagOption": "test/security-encryption.test.ts",
  "LaunchOptions.maxBodySize": "test/bad-input.test.ts",
  "LaunchOptions.showError": "test/options-behaviour.test.ts",
  "LaunchOptions.clusterConcurrencyLimits": "test/redis-replicas.test.ts",
  "FlagOptions.appEncryptionKey": "test/runtime-isolation.test.ts",
  "TabOptions.id": "test/browser-tabs-selected.test.ts",
  "TabsOptions.selected": "test/browser-tabs-selected.test.ts",
  // A file the page shows beside the label: published when the config is built (fileProps), not a plain prop.
  "ButtonOptions.icon": "test/button-icon.test.ts",
  "ClearButtonOptions.icon": "test/button-icon.test.ts",
  "UploadButtonOptions.icon": "test/button-icon.test.ts",
  "DownloadButtonOptions.icon": "test/button-icon.test.ts",
  // A ClearButton's components become its click events.
  "ClearButtonOptions.components": "test/fidelity-surface.test.ts",
  "ClearButtonOptions.apiName": "test/fidelity-surface.test.ts",
  // A function value's timer and inputs become its events (compared with Gradio's there).
  "*.every": "test/listeners-differential.test.ts",
  "*.inputs": "test/listeners-differential.test.ts",
  "LaunchOptions.i18n": "test/pages.test.ts",
  // Served as the app's own stylesheet and page head rather than as props.
  "*.cssPaths": "test/themes.test.ts",
  "*.head": "test/themes.test.ts",
  "*.headPaths": "test/themes.test.ts",
};

/** Whole option types that configure the server or build other blocks: their tests, per type. */
const SERVER_SIDE_TYPES: Record<string, string[]> = {
  // How gr.load reaches and mirrors the remote app.
  LoadOptions: ["test/load.test.ts"],
  RouteOptions: ["test/pages.test.ts"],
  InterfaceOptions: [
    "test/workers-interfaces.test.ts",
    "test/interface-options.test.ts",
    "test/interface-options-differential.test.ts",
    "test/options-behaviour.test.ts",
    "test/unit-app-model.test.ts",
    "test/examples-gallery.test.ts",
    "test/flagging-csv.test.ts",
    "test/chat-options-differential.test.ts",
  ],
  ChatInterfaceOptions: [
    "test/workers-interfaces.test.ts",
    "test/chat-interface.test.ts",
    "test/browser-chat.test.ts",
    "test/interface-options-differential.test.ts",
    "test/options-behaviour.test.ts",
    "test/chat-options-differential.test.ts",
    "test/chat-editable.test.ts",
    "test/chat-additional-outputs.test.ts",
    "test/chat-history.test.ts",
    "test/chat-flagging.test.ts",
  ],
  TabbedInterfaceOptions: [
    "test/interface-options-differential.test.ts",
    "test/unit-app-model.test.ts",
    "test/browser-components-misc.test.ts",
  ],
  ExamplesOptions: [
    "test/options-behaviour.test.ts",
    "test/examples-gallery.test.ts",
    "test/interface-options.test.ts",
  ],
  CSVLoggerOptions: [
    "test/options-behaviour.test.ts",
    "test/flagging-csv.test.ts",
    "test/flagging-private-data.test.ts",
  ],
  FlagOptions: ["test/flagging-csv.test.ts", "test/flagging-dedupe.test.ts"],
  FlaggingOptions: [
    "test/options-behaviour.test.ts",
    "test/flagging-csv.test.ts",
    "test/flagging-private-data.test.ts",
  ],
  ReadFlagsOptions: [
    "test/options-behaviour.test.ts",
    "test/flagging-private-data.test.ts",
    "test/flagging-csv.test.ts",
  ],
  LaunchOptions: [
    "test/security-auth.test.ts",
    "test/security-headers-cors.test.ts",
    "test/security-host.test.ts",
    "test/security-limits.test.ts",
    "test/security-https-audit.test.ts",
    "test/security-roles-ratelimit.test.ts",
    "test/security-oidc.test.ts",
    "test/files-access.test.ts",
    "test/files-cache.test.ts",
    "test/files-http.test.ts",
    "test/files-url-fetch.test.ts",
    "test/redis-replicas.test.ts",
    "test/cli.test.ts",
    "test/quiet-logs.test.ts",
    "test/api-mcp.test.ts",
    "test/security-encryption.test.ts",
    "test/deploy-runtime.test.ts",
    "test/protocol.test.ts",
    "test/security-shared-sessions.test.ts",
    "test/api-tokens-client.test.ts",
    "test/redis-faults.test.ts",
    "test/files-upload.test.ts",
    "test/themes.test.ts",
    "test/workers-options.test.ts",
  ],
  OidcOptions: ["test/security-oidc.test.ts"],
  BrushOptions: ["test/fidelity-sketchpad.test.ts"],
  GradioErrorOptions: ["test/protocol.test.ts", "test/event-context.test.ts", "test/run-predict.test.ts"],
  NotifyOptions: ["test/options-behaviour.test.ts", "test/protocol.test.ts", "test/event-context.test.ts"],
};

const LAUNCH_PARTS = new Set([
  "ServerOptions",
  "FilesOptions",
  "SecurityOptions",
  "RedisOptions",
  "WorkerOptions",
  "PageOptions",
]);

/**
 * Options that neither reach the wire nor have a test proving them. Each is a decision for the project
 * (implement, or remove and refuse); listed here so the gap is visible, not silent.
 */
const KNOWN_GAPS: Record<string, string> = {};

function wireKeysOfBlock(make: () => Block): Set<string> {
  let keys = new Set<string>();
  new gr.Blocks({}, () => {
    keys = new Set(Object.keys(make().props()));
  });
  return keys;
}

function wireKeysOfEvent(): Set<string> {
  let keys = new Set<string>();
  new gr.Blocks({}, () => {
    const text = new gr.Textbox();
    const handle = text.submit({ fn: (s: string) => s, inputs: text, outputs: text }) as unknown as {
      dependency: Parameters<typeof dependencyConfig>[0];
    };
    keys = new Set(Object.keys(dependencyConfig(handle.dependency)));
  });
  return keys;
}

const APP_CONFIG_KEYS = new Set(["title", "css", "theme", "fill_height", "fill_width", "js_module"]);

const mentions = (file: string, option: string) => readFileSync(file, "utf8").includes(option);

describe("every exported option is handled", () => {
  const options = exportedOptions();
  const eventKeys = wireKeysOfEvent();

  test("the compiler finds the option types", () => {
    for (const name of [
      "EventOptions",
      "DataframeOptions",
      "TextboxOptions",
      "BlocksOptions",
      "LaunchOptions",
      "InterfaceOptions",
    ])
      assert.ok(options.has(name), name);
  });

  test("each option reaches the wire or is proven by a named test", () => {
    const unhandled: string[] = [];
    for (const [exportedType, properties] of options) {
      // LaunchOptions is composed of each subsystem's options: their properties are launch options.
      const type = LAUNCH_PARTS.has(exportedType) ? "LaunchOptions" : exportedType;
      const make = BLOCKS[type];
      const blockKeys = make ? wireKeysOfBlock(make) : null;
      for (const property of properties) {
        const id = `${type}.${property}`;
        if (KNOWN_GAPS[id]) continue;
        if (blockKeys?.has(property)) continue;
        if (type === "EventOptions" && eventKeys.has(snake(property))) continue;
        // Blocks and the Interfaces built on it: the app's own config.
        const appOptions = type === "BlocksOptions" || type === "LoadOptions" || type.endsWith("InterfaceOptions");
        if (appOptions && APP_CONFIG_KEYS.has(snake(property))) continue;
        const proof = SERVER_SIDE[id] ?? SERVER_SIDE[`*.${property}`];
        if (proof && mentions(proof, property)) continue;
        const files = SERVER_SIDE_TYPES[type];
        if (files?.some((file) => mentions(file, property))) continue;
        unhandled.push(id);
      }
    }
    assert.deepEqual(
      unhandled,
      [],
      `options that neither reach the wire nor have a test that proves them:\n  ${unhandled.join("\n  ")}`,
    );
  });

  test("the reviewed tables name only options that exist", () => {
    const all = new Set([...options].flatMap(([type, properties]) => properties.map((p) => `${type}.${p}`)));
    const stale = [...Object.keys(SERVER_SIDE), ...Object.keys(KNOWN_GAPS)].filter(
      (id) => !id.startsWith("*.") && !all.has(id),
    );
    assert.deepEqual(stale, []);
  });
});
