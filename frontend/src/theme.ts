/** Light or dark: follows the system unless the visitor picked one (remembered in localStorage). */
export type ThemeChoice = "system" | "light" | "dark";

const KEY = "gradio-ts-theme";

export function storedTheme(): ThemeChoice {
  try {
    const value = localStorage.getItem(KEY);
    return value === "light" || value === "dark" ? value : "system";
  } catch {
    return "system";
  }
}

export function applyTheme(choice: ThemeChoice): void {
  const root = document.documentElement;
  if (choice === "system") delete root.dataset.theme;
  else root.dataset.theme = choice;
  try {
    if (choice === "system") localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, choice);
  } catch {
    // storage disabled: the choice lasts for this page only
  }
}

export const nextTheme = (choice: ThemeChoice): ThemeChoice => (choice === "system" ? "light" : choice === "light" ? "dark" : "system");
