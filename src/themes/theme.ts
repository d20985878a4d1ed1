/**
 * Themes as Gradio 6 builds them: a palette (primary, secondary, neutral hues), size scales, fonts, and
 * a few hundred CSS custom properties derived from them, each with a light and a dark value. A theme is
 * written out once as a stylesheet (`theme.css`): `:root { … }` for light mode and
 * `:root.dark, :root .dark { … }` for dark mode, the same variables Gradio's own page defines, so CSS
 * written for a Gradio app (`var(--button-primary-background-fill)`, `.dark .x`) works here too.
 *
 * Fonts are named, never downloaded: the page may load nothing from other origins, so a theme's font
 * stack falls back to the system fonts when the named family is not installed.
 */
import { createHash } from "node:crypto";
import { AppConfigError } from "../errors.js";
import { BASE_VARIABLES, PALETTES, PRESETS, SIZES, type Preset } from "./data.js";

type SnakeName = (typeof BASE_VARIABLES)[number][0];
type CamelCase<S extends string> = S extends `${infer Head}_${infer Tail}`
  ? `${Head}${Capitalize<CamelCase<Tail>>}`
  : S;

/** `.set()`'s keys: Gradio's variable names in camelCase (`buttonPrimaryBackgroundFillDark`). */
export type ThemeVariableName = CamelCase<SnakeName>;
/** Values are CSS; `*name` stands for another variable (`"*primary_500"`), as in Gradio. */
export type ThemeSettings = Partial<Record<ThemeVariableName, string>>;

export type HueName = keyof typeof PALETTES & string;
export type TextSize = "sm" | "md" | "lg";
export type SpacingSize = "sm" | "md" | "lg";
export type RadiusSize = "none" | "sm" | "md" | "lg" | "xxl";

/** A font family the visitor's system may have; written quoted in the stack, as Gradio writes its fonts. */
export class LocalFont {
  constructor(readonly name: string) {
    if (!/^[\w -]+$/.test(name))
      throw new AppConfigError(`LocalFont("${name}"): a font family name has letters, digits, spaces and dashes only.`);
  }
  toString(): string {
    return `'${this.name}'`;
  }
}

/** A plain string is written as is (a generic family such as "sans-serif", or a system font). */
export type FontSpec = string | LocalFont;

export interface ThemeOptions {
  primaryHue?: string;
  secondaryHue?: string;
  neutralHue?: string;
  textSize?: TextSize;
  spacingSize?: SpacingSize;
  radiusSize?: RadiusSize;
  font?: FontSpec | readonly FontSpec[];
  fontMono?: FontSpec | readonly FontSpec[];
}

const SHADES = ["50", "100", "200", "300", "400", "500", "600", "700", "800", "900", "950"];
const STEPS = ["xxs", "xs", "sm", "md", "lg", "xl", "xxl"];
const KNOWN = new Set<string>(BASE_VARIABLES.map(([name]) => name));
const REFERENCE = /\*(\w+)\b/g;
/**
 * Gradio's `set()` looks these four up under other names, so every call puts them back to Base's value
 * unless the call sets them itself: `Soft().set(...)` has a white background_fill_primary, not Soft's.
 * Ported apps look as they did, so the same happens here.
 */
const RESET_BY_SET = new Map<string, string | null>(
  BASE_VARIABLES.filter(([name]) => /^background_fill_(primary|secondary)(_dark)?$/.test(name)).map(([name, value]) => [
    name,
    value,
  ]),
);
/** A value may not end its declaration or rule: it is CSS, but only ever one value. */
const UNSAFE_VALUE = /[;{}<>\\]|\/\*/;

const snake = (camel: string) => camel.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
const cssName = (name: string) => `--${name.replace(/_/g, "-")}`;

function palette(option: string, name: string): readonly string[] {
  const shades = PALETTES[option];
  if (!shades)
    throw new AppConfigError(
      `Theme ${name}: "${option}" is not a colour; use one of ${Object.keys(PALETTES).join(", ")}.`,
    );
  return shades;
}

function scale(kind: "text" | "spacing" | "radius", option: string): readonly string[] {
  const steps = SIZES[`${kind}_${option}`];
  if (!steps) {
    const known = Object.keys(SIZES)
      .filter((key) => key.startsWith(`${kind}_`))
      .map((key) => `"${key.slice(kind.length + 1)}"`);
    throw new AppConfigError(`Theme ${kind}Size: "${option}" is not a size; use one of ${known.join(", ")}.`);
  }
  return steps;
}

function fontStack(option: FontSpec | readonly FontSpec[]): string {
  const families = typeof option === "string" || option instanceof LocalFont ? [option] : option;
  for (const family of families) {
    if (typeof family === "string" && UNSAFE_VALUE.test(family))
      throw new AppConfigError(`Theme font "${family}" is not a font family name.`);
  }
  return families.map(String).join(", ");
}

/** A theme: construct one of the presets (or `Base`), optionally `.set()` variables, give it to `Blocks`. */
export class Theme {
  readonly name: string;
  /** Gradio's order: the palette, the scales, the fonts, then every variable. */
  readonly #variables = new Map<string, string | null>();
  #css: string | null = null;
  #hash: string | null = null;

  constructor(preset: Preset, options: ThemeOptions = {}) {
    this.name = preset.name;
    const hues = {
      primary: options.primaryHue ?? preset.primaryHue,
      secondary: options.secondaryHue ?? preset.secondaryHue,
      neutral: options.neutralHue ?? preset.neutralHue,
    };
    for (const [role, hue] of Object.entries(hues))
      palette(hue, `${role}Hue`).forEach((shade, i) => this.#variables.set(`${role}_${SHADES[i]}`, shade));
    const scales = {
      spacing: options.spacingSize ?? preset.spacingSize,
      radius: options.radiusSize ?? preset.radiusSize,
      text: options.textSize ?? preset.textSize,
    };
    for (const [kind, size] of Object.entries(scales) as ["spacing" | "radius" | "text", string][]) {
      scale(kind, size).forEach((step, i) => this.#variables.set(`${kind}_${STEPS[i]}`, step));
    }
    this.#variables.set("font", fontStack(options.font ?? preset.font));
    this.#variables.set("font_mono", fontStack(options.fontMono ?? preset.fontMono));
    for (const [name, value] of [...BASE_VARIABLES, ...preset.variables]) this.#variables.set(name, value);
  }

  /** Overrides variables (Gradio's `theme.set(...)`); unknown names and values that are not one CSS value are refused. */
  set(settings: ThemeSettings): this {
    for (const [name, value] of RESET_BY_SET) this.#variables.set(name, value);
    for (const [key, value] of Object.entries(settings) as [string, string | undefined][]) {
      if (value === undefined || value === "") continue;
      const name = snake(key);
      if (!KNOWN.has(name))
        throw new AppConfigError(`theme.set(): "${key}" is not a theme variable (Gradio's "${name}" does not exist).`);
      this.#checkValue(key, value);
      this.#variables.set(name, value);
    }
    this.#css = null;
    this.#hash = null;
    return this;
  }

  #checkValue(key: string, value: string): void {
    if (typeof value !== "string" || UNSAFE_VALUE.test(value)) {
      throw new AppConfigError(
        `theme.set(): ${key} must be one CSS value (no ";", braces, "<", ">", backslashes or comments).`,
      );
    }
    for (const [, referenced] of value.matchAll(REFERENCE)) {
      if (referenced!.endsWith("_dark"))
        throw new AppConfigError(
          `theme.set(): ${key} refers to "*${referenced}"; refer to "*${referenced!.slice(0, -5)}", dark mode uses its dark value by itself.`,
        );
      if (!this.#variables.has(referenced!))
        throw new AppConfigError(`theme.set(): ${key} refers to "*${referenced}", which is not a theme variable.`);
    }
  }

  /** The stylesheet: light values on `:root`, dark ones under `.dark` (Gradio's selectors). */
  get css(): string {
    this.#css ??= this.#buildCss();
    return this.#css;
  }

  /** Gradio's `theme_hash`: the SHA-256 of the stylesheet, so a changed theme gets a new URL. */
  get hash(): string {
    this.#hash ??= createHash("sha256").update(this.css).digest("hex");
    return this.#hash;
  }

  #buildCss(): string {
    const light = new Map<string, string>([
      ["name", this.name],
      ["custom-css", ""],
    ]);
    const dark = new Map<string, string>();
    const asCss = (value: string) => value.replace(REFERENCE, (_whole, name: string) => `var(${cssName(name)})`);
    for (const [name, value] of this.#variables) {
      // A dark value of null means "as in light mode", filled in below.
      if (value === null) continue;
      if (name.endsWith("_dark")) dark.set(cssName(name.slice(0, -5)).slice(2), asCss(value));
      else light.set(cssName(name).slice(2), asCss(value));
    }
    for (const [name, value] of light) if (!dark.has(name)) dark.set(name, value);
    const block = (selector: string, values: Map<string, string>) =>
      `${selector} {\n${[...values].map(([name, value]) => `  --${name}: ${value};`).join("\n")}\n}`;
    return `${block(":root", light)}\n\n${block(":root.dark, :root .dark", dark)}\n`;
  }

  /** A variable's value with every `*reference` followed (Gradio's computed value, used for `body_css`). */
  computed(name: string, depth = 0): string {
    if (depth > 100) return "";
    const dark = name.endsWith("_dark");
    const own = this.#variables.get(name);
    const value = own ?? (dark ? (this.#variables.get(name.slice(0, -5)) ?? "") : "");
    return value.replace(REFERENCE, (_whole, referenced: string) =>
      this.computed(dark ? `${referenced}_dark` : referenced, depth + 1),
    );
  }
}

function presetTheme(preset: Preset) {
  return class extends Theme {
    constructor(options: ThemeOptions = {}) {
      super(preset, options);
    }
  };
}

export const Base = presetTheme(PRESETS.Base);
export const Default = presetTheme(PRESETS.Default);
export const Soft = presetTheme(PRESETS.Soft);
export const Monochrome = presetTheme(PRESETS.Monochrome);
export const Glass = presetTheme(PRESETS.Glass);
export const Origin = presetTheme(PRESETS.Origin);
export const Citrus = presetTheme(PRESETS.Citrus);
export const Ocean = presetTheme(PRESETS.Ocean);

const BUILT_IN: Readonly<Record<string, () => Theme>> = {
  base: () => new Base(),
  default: () => new Default(),
  soft: () => new Soft(),
  monochrome: () => new Monochrome(),
  glass: () => new Glass(),
  origin: () => new Origin(),
  citrus: () => new Citrus(),
  ocean: () => new Ocean(),
};

export type ThemeName = "base" | "default" | "soft" | "monochrome" | "glass" | "origin" | "citrus" | "ocean";

/** `Blocks({ theme })`: a Theme, a built-in theme's name (any case, as Gradio), or nothing for Default. */
export function resolveTheme(theme: Theme | ThemeName | undefined): Theme {
  if (theme === undefined) return new Default();
  if (theme instanceof Theme) return theme;
  const make = typeof theme === "string" ? BUILT_IN[theme.toLowerCase()] : undefined;
  if (!make) {
    throw new AppConfigError(
      `theme: "${String(theme)}" is not a built-in theme; use one of ${Object.keys(BUILT_IN).join(", ")}, or a gr.themes.* object. Themes are not downloaded from the Hugging Face Hub.`,
    );
  }
  return make();
}
