/**
 * `gr.TabbedInterface`: several apps (Interfaces, ChatInterfaces, Blocks) side by side, one tab each.
 * The apps' blocks and events move into the new app (they get new ids), so an app given here should
 * not also be launched on its own. API names keep their values, made unique across tabs.
 */
import { AppConfigError } from "../errors.js";
import type { Block } from "./block.js";
import { Blocks, type BlocksOptions } from "./blocks.js";
import { currentContainer } from "./context.js";
import { Dependency, EventHandle, type EventOptions } from "./events.js";
import type { EventTrigger } from "../protocol/config.js";
import { Layout, Tab, Tabs } from "./layouts.js";
import { Markdown } from "../components/markdown.js";

export interface TabbedInterfaceOptions extends BlocksOptions {
  /** One per app; default "Tab 1", "Tab 2", … */
  tabNames?: string[];
}

export class TabbedInterface extends Blocks {
  constructor(
    readonly apps: readonly Blocks[],
    tabNamesOrOptions: string[] | TabbedInterfaceOptions = {},
  ) {
    const options = Array.isArray(tabNamesOrOptions) ? { tabNames: tabNamesOrOptions } : tabNamesOrOptions;
    super(options);
    this.mode = "tabbed_interface";
    if (new Set(apps).size !== apps.length) throw new AppConfigError("TabbedInterface: each app may appear only once.");
    const moved = new Map<Blocks, Map<number, number>>();
    this.extend(() => {
      if (options.title) new Markdown({ value: `# ${options.title}` });
      Tabs(() => {
        apps.forEach((app, index) => {
          Tab(options.tabNames?.[index] ?? `Tab ${index + 1}`, () => {
            const ids = new Map<number, number>([[app.id, this.id]]);
            for (const child of app.children) this.#adopt(child, ids);
            moved.set(app, ids);
          });
        });
      });
    });
    const copies = new Map<Dependency, Dependency>();
    for (const app of apps) this.launchTasks.push(...app.launchTasks);
    for (const app of apps) {
      const ids = moved.get(app)!;
      const depIds = new Map<number, number>();
      for (const old of app.dependencies) {
        const targets: EventTrigger[] = old.targets.map(([id, event]) => [
          id === null ? null : (ids.get(id) ?? id),
          event,
        ]);
        const copy = new Dependency(targets, { ...old.options, every: undefined });
        copy.frontendFn = old.frontendFn;
        copy.triggerOnlyOnSuccess = old.triggerOnlyOnSuccess;
        copy.triggerOnlyOnFailure = old.triggerOnlyOnFailure;
        copy.triggerAfter = old.triggerAfter === null ? null : (depIds.get(old.triggerAfter) ?? null);
        this.addDependency(copy);
        old.renderable?.moveTo(this, copy);
        // Keep the name the app gave it (Interface names its endpoint explicitly; others by fn name).
        if (
          copy.fn &&
          old.apiName &&
          copy.apiName !== old.apiName &&
          !this.dependencies.some((d) => d !== copy && d.apiName === old.apiName)
        )
          copy.apiName = old.apiName;
        depIds.set(old.id, copy.id);
        copies.set(old, copy);
      }
    }
    // `cancels` named the old dependencies: point them at the copies.
    for (const copy of copies.values()) {
      const { cancels } = copy.options;
      if (!cancels) continue;
      const list = Array.isArray(cancels) ? cancels : [cancels as EventHandle];
      (copy.options as EventOptions).cancels = list.map(
        (handle: EventHandle) => new EventHandle(copies.get(handle.dependency) ?? handle.dependency),
      );
    }
  }

  /** Moves a block (and everything inside it) into the tab being built, recording old → new ids. */
  #adopt(block: Block, ids: Map<number, number>): void {
    const oldId = block.id;
    block.attachTo(currentContainer()!);
    ids.set(oldId, block.id);
    if (block instanceof Layout) {
      const children = [...block.children];
      block.children.length = 0;
      const walk = (parent: Layout, kids: Block[]) => {
        for (const kid of kids) {
          const kidOld = kid.id;
          parent.children.push(kid);
          this.register(kid);
          ids.set(kidOld, kid.id);
          if (kid instanceof Layout) {
            const grand = [...kid.children];
            kid.children.length = 0;
            walk(kid, grand);
          }
        }
      };
      walk(block, children);
    }
  }
}
