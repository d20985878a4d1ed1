/**
 * gr.I18n in the browser (a lazy chunk: only apps with translations load it). The server sends the
 * app's text with Gradio's markers for translation keys; this swaps each for the text in the visitor's
 * language: the first of `navigator.languages` the app has, exactly ("fr-CA") or by its language
 * ("fr"), else English, else the key itself.
 */
import type { AppConfig } from "../../src/protocol/index.js";
import type { Props } from "./store.js";

type Tables = Record<string, Record<string, string>>;

const MARKER = /__i18n__(\{"__type__": "translation_metadata", "key": "(?:[^"\\]|\\.)*"\})/g;

/** The locale of `tables` to show, from the browser's preferred languages, or null when none fits. */
export function pickLocale(tables: Tables, preferred: readonly string[]): string | null {
  const available = Object.keys(tables);
  const lower = new Map(available.map((locale) => [locale.toLowerCase(), locale]));
  for (const wanted of preferred) {
    const exact = lower.get(wanted.toLowerCase());
    if (exact) return exact;
    const language = lower.get(wanted.split("-")[0]!.toLowerCase());
    if (language) return language;
  }
  return available.includes("en") ? "en" : null;
}

export interface Translator {
  locale: string | null;
  /** Props with every marker in their strings (nested ones too) replaced by its text. */
  props(props: Props): Props;
  text(value: string): string;
}

export function translator(tables: Tables, preferred: readonly string[]): Translator {
  const locale = pickLocale(tables, preferred);
  const lookup = (key: string) => (locale ? tables[locale]?.[key] : undefined) ?? tables.en?.[key] ?? key;
  const text = (value: string) =>
    value.includes("__i18n__")
      ? value.replace(MARKER, (_marker, json: string) => lookup((JSON.parse(json) as { key: string }).key))
      : value;
  const walk = (value: unknown): unknown => {
    if (typeof value === "string") return text(value);
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === "object")
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, walk(inner)]));
    return value;
  };
  return { locale, text, props: (props) => walk(props) as Props };
}

/** Translates the config's components and page names in place, before the first render. */
export function translateConfig(config: AppConfig, preferred: readonly string[]): Translator {
  const translate = translator(config.i18n_translations ?? {}, preferred);
  for (const component of config.components) component.props = translate.props(component.props);
  config.pages = config.pages.map(([path, name, shown]) => [path, translate.text(name), shown]);
  if (translate.locale) document.documentElement.lang = translate.locale;
  return translate;
}
