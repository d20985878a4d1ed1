/**
 * Interactions whose widgets differ between the two pages while their outcome must not: gradio-ts shows a
 * native <select> for a Dropdown, Gradio its own combobox (a text input over a list of options).
 */
import type { Locator, Page } from "playwright-core";

/** The page's only (or first) dropdown control, on either page. */
export const dropdownControl = (page: Page): Locator => page.locator("select, input[role=listbox], [role=combobox]").first();

/** Picks `option` (by its visible label) in `control`, a dropdown of either page. */
export async function choose(page: Page, control: Locator, option: string): Promise<void> {
  if (await control.evaluate((element) => element.tagName === "SELECT")) {
    await control.selectOption({ label: option });
    return;
  }
  await control.click();
  await page.getByRole("option", { name: option, exact: true }).click();
}

/** The choice a dropdown of either page shows. */
export const shownChoice = (control: Locator): Promise<string> =>
  control.evaluate((element) =>
    element instanceof HTMLSelectElement ? (element.selectedOptions[0]?.text ?? "") : (element as HTMLInputElement).value,
  );
