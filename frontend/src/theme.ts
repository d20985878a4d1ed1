/**
 * Light or dark, as Gradio decides it: `?__theme=light|dark` in the URL wins, then the visitor's choice
 * from the footer (remembered in localStorage), then the system's preference, followed live. Dark mode
 * is the `dark` class on the root element, which the theme's stylesheet (`:root.dark`) and an app's
 * own CSS (`.dark .x`) key on, as in Gradio.
 */
export type ThemeChoice = "system" | "light" | "dark";

const KEY = "gradio-ts-theme";
const systemDark = () => matchMedia("(prefers-color-scheme: dark)");

function urlTheme(): ThemeChoice | null {
  const value = new URLSearchParams(location.search).get("__theme");
  return value === "light" || value === "dark" || value === "system" ? value : null;
}

export function storedTheme(): ThemeChoice {
  const fromUrl = urlTheme();
  if (fromUrl) return fromUrl;
  try {
    const value = localStorage.getItem(KEY);
    return value === "light" || value === "dark" ? value : "system";
  } catch {
    return "system";
  }
}

let current: ThemeChoice = "system";
let following = false;

function paint(): void {
  const dark = current === "dark" || (current === "system" && systemDark().matches);
  document.documentElement.classList.toggle("dark", dark);
}

/** Shows `choice`; `remember` (the footer's switch) keeps it for the next visit. */
export function applyTheme(choice: ThemeChoice, remember = false): void {
  current = choice;
  document.documentElement.dataset.theme = choice;
  if (!following) {
    following = true;
    systemDark().addEventListener("change", paint);
  }
  paint();
  if (!remember) return;
  try {
    if (choice === "system") localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, choice);
  } catch {
    // storage disabled: the choice lasts for this page only
  }
}

export const nextTheme = (choice: ThemeChoice): ThemeChoice =>
  choice === "system" ? "light" : choice === "light" ? "dark" : "system";
