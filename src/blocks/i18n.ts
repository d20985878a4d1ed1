/**
 * Translations for an app's text, as Gradio's `gr.I18n`: `const i18n = gr.I18n({ en: {...}, fr: {...} })`,
 * then `label: i18n("greeting")` anywhere a string goes, and `launch({ i18n })`. The string `i18n(key)`
 * returns is Gradio's marker for a key; the browser swaps it for the text in the visitor's language.
 */
import { AppConfigError } from "../errors.js";
import type { TranslatedLabel } from "../protocol/api-info.js";

export type Translations = Readonly<Record<string, Readonly<Record<string, string>>>>;

/** Called with a key, gives the string that stands for it; `translations` go to the browser in the config. */
export interface I18n {
  (key: string): string;
  readonly translations: Translations;
}

const MARKER = "__i18n__";
/** Gradio's own check of a locale code (BCP 47, loosely): a language, then subtags after dashes. */
function isLocale(code: string): boolean {
  const [language = "", ...subtags] = code.split("-");
  return /^[a-z]{2,3}$/.test(language) && subtags.every((subtag) => /^[A-Za-z0-9]{2,8}$/.test(subtag));
}

/** Python's `json.dumps` of a string: non-ASCII escaped, so the marker is byte for byte Gradio's. */
function pythonString(text: string): string {
  return JSON.stringify(text).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

export function translationMarker(key: string): string {
  return `${MARKER}{"__type__": "translation_metadata", "key": ${pythonString(key)}}`;
}

/** The key a marker stands for, or null for ordinary text. */
export function translationKey(text: unknown): string | null {
  if (typeof text !== "string" || !text.startsWith(MARKER)) return null;
  try {
    const parsed = JSON.parse(text.slice(MARKER.length)) as { __type__?: unknown; key?: unknown };
    return parsed.__type__ === "translation_metadata" && typeof parsed.key === "string" ? parsed.key : null;
  } catch {
    return null;
  }
}

/** A label as the API description shows it: the key's metadata for a marker (as Gradio), else the text. */
export function apiLabel(label: string): string | TranslatedLabel {
  const key = translationKey(label);
  return key === null ? label : { key, _type: "translation_metadata" };
}

function checkedTranslations(translations: Translations): Translations {
  if (typeof translations !== "object" || translations === null || Array.isArray(translations))
    throw new AppConfigError('gr.I18n takes an object of locales, e.g. { en: { greeting: "Hello" } }.');
  for (const [locale, table] of Object.entries(translations)) {
    if (!isLocale(locale))
      throw new AppConfigError(`gr.I18n: "${locale}" is not a locale code such as "en", "fr" or "pt-BR".`);
    if (typeof table !== "object" || table === null || Array.isArray(table))
      throw new AppConfigError(`gr.I18n: the translations of "${locale}" must be an object of key: text.`);
    for (const [key, text] of Object.entries(table))
      if (typeof text !== "string")
        throw new AppConfigError(`gr.I18n: the "${locale}" text of "${key}" must be a string, not ${typeof text}.`);
  }
  return structuredClone(translations);
}

export function I18n(translations: Translations): I18n {
  const checked = checkedTranslations(translations);
  return Object.assign((key: string) => translationMarker(String(key)), { translations: checked });
}

/** `launch({ i18n })` takes what `gr.I18n(...)` made: a bare object of tables would never reach the page. */
export function checkI18nOption(i18n: unknown): void {
  if (i18n === undefined || i18n === null) return;
  if (typeof i18n !== "function" || typeof (i18n as Partial<I18n>).translations !== "object")
    throw new AppConfigError("launch({ i18n }) takes gr.I18n({ en: {...}, fr: {...} }), not a plain object.");
}
