/** `gr.themes`: Gradio 6's built-in themes, `LocalFont`, and the types of their options. */
export {
  Base, Citrus, Default, Glass, LocalFont, Monochrome, Ocean, Origin, Soft, Theme,
  type FontSpec, type HueName, type RadiusSize, type SpacingSize, type TextSize, type ThemeName, type ThemeOptions,
  type ThemeSettings, type ThemeVariableName,
} from "./theme.js";
