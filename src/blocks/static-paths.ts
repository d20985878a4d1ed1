/**
 * `gr.setStaticPaths()`: files and folders served in place, never copied into the cache. Each app owns
 * its list. Called while an app is being built (inside its callback or `demo.extend()`), it sets that
 * app's list; called outside any app, as Gradio apps do before building, it sets the list that apps
 * without their own take when they launch. A launched app keeps the list it launched with.
 */
import { AppConfigError } from "../errors.js";
import { appBeingBuilt } from "./context.js";

/** What an app that owns static paths offers (Blocks). */
export interface StaticPathsOwner {
  staticPaths: readonly string[] | null;
}

/** The one piece of state a Gradio-style call before any app exists needs: read once per launch. */
let forAppsLaunchedNext: readonly string[] = [];

export function setStaticPaths(paths: string | readonly string[]): void {
  const list = typeof paths === "string" ? [paths] : [...paths];
  if (!list.every((p) => typeof p === "string" && p.length > 0))
    throw new AppConfigError("setStaticPaths takes paths (non-empty strings).");
  const app = appBeingBuilt() as (ReturnType<typeof appBeingBuilt> & Partial<StaticPathsOwner>) | undefined;
  if (app === undefined) {
    forAppsLaunchedNext = list;
    return;
  }
  if (!("staticPaths" in app))
    throw new AppConfigError("setStaticPaths cannot be called inside a gr.render fn: call it when the app is built.");
  app.staticPaths = list;
}

/** The app's own static paths, else those set outside any app; what the app serves in place from launch on. */
export function staticPathsOf(app: StaticPathsOwner): readonly string[] {
  return app.staticPaths ?? forAppsLaunchedNext;
}
