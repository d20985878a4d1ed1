/**
 * ChatInterface `saveHistory`, built as Gradio 6 builds it: past conversations live in the user's browser (a
 * BrowserState in localStorage, never on the server), listed in a side column under a "New chat" button;
 * clicking one shows it again, and every finished turn saves the conversation shown.
 */
import { BrowserState } from "../components/browser-state.js";
import { Button } from "../components/button.js";
import type { Chatbot, ChatMessage } from "../components/chatbot.js";
import { Dataset } from "../components/dataset.js";
import { State } from "../components/state.js";
import { Textbox } from "../components/textbox.js";
import { GradioError } from "../errors.js";
import { Dependency, type EventOptions } from "./events.js";
import { update } from "./update.js";

type Conversations = ChatMessage[][];

/** The blocks of the saved-chats column, made inside the layout being built. */
export interface SavedChats {
  saved: BrowserState<Conversations>;
  /** Which saved conversation the chat shows (its index), or null for a new one. */
  conversationId: State<number | null>;
  newChat: Button;
  list: Dataset;
}

/** Builds the column's blocks in the current layout: the "New chat" button and the list of saved chats. */
export function savedChatsColumn(storageKey: string): SavedChats {
  const saved = new BrowserState<Conversations>([], { storageKey });
  const conversationId = new State<number | null>(null);
  const newChat = new Button({ value: "New chat", variant: "primary", size: "md" });
  const list = new Dataset({
    components: [new Textbox({ visible: false, render: false })],
    samples: [],
    label: "Chats",
    showLabel: false,
  });
  return { saved, conversationId, newChat, list };
}

/** A conversation's title: its first user text, cut at 40 characters; a 📎 per file before it. */
export function conversationTitle(conversation: readonly ChatMessage[]): string {
  let title = "";
  for (const message of conversation) {
    if (message.role !== "user") continue;
    if (typeof message.content === "string") {
      title += message.content;
      break;
    }
    title += "📎 ";
  }
  return title.length > 40 ? `${title.slice(0, 40)}...` : title || "Conversation";
}

const asConversations = (value: unknown): Conversations =>
  Array.isArray(value) ? value.filter((c): c is ChatMessage[] => Array.isArray(c)) : [];

/** The events: save after each turn, list on load and on change, open one, start a new one, forget a cleared one. */
export function wireSavedChats(
  app: { addDependency(dependency: Dependency): void },
  chats: SavedChats,
  chatbot: Chatbot,
  turns: readonly Dependency[],
  cleared: Dependency,
): void {
  const { saved, conversationId, newChat, list } = chats;
  // Light bookkeeping: on the server's thread, never worth a worker.
  const quiet: Partial<EventOptions> = { queue: false, apiVisibility: "undocumented", runIn: "main" };
  const chained = (after: Dependency, options: EventOptions) => {
    const dependency = new Dependency([], { ...quiet, ...options });
    dependency.triggerAfter = after.id;
    app.addDependency(dependency);
  };
  const save = function _save_conversation(id: number | null, conversation: ChatMessage[] | null, all: unknown) {
    const conversations = asConversations(all);
    if (!conversation || conversation.length === 0) return [id, conversations];
    if (id !== null && id >= 0 && id < conversations.length) {
      conversations[id] = conversation;
      return [id, conversations];
    }
    return [0, [conversation, ...conversations]];
  };
  for (const turn of turns) {
    chained(turn, {
      fn: save as unknown as EventOptions["fn"],
      inputs: [conversationId, chatbot, saved],
      outputs: [conversationId, saved],
    });
  }
  const forget = function _delete_conversation(id: number | null, all: unknown) {
    const conversations = asConversations(all);
    if (id !== null && id >= 0 && id < conversations.length) conversations.splice(id, 1);
    return [null, conversations];
  };
  chained(cleared, {
    fn: forget as unknown as EventOptions["fn"],
    inputs: [conversationId, saved],
    outputs: [conversationId, saved],
  });
  app.addDependency(
    new Dependency([[newChat.id, "click"]], {
      ...quiet,
      fn: async function lambda() {
        return [null, []];
      },
      outputs: [conversationId, chatbot],
    }),
  );
  // The list's rows follow what is saved: on page load (the stored value arrives then) and on each change.
  app.addDependency(
    new Dependency(
      [
        [0, "load"],
        [saved.id, "change"],
      ],
      {
        ...quiet,
        fn: function _load_chat_history(all: unknown) {
          const rows = asConversations(all)
            .filter((c) => c.length > 0)
            .map((c) => [conversationTitle(c)]);
          return update({ samples: rows });
        } as unknown as EventOptions["fn"],
        inputs: [saved],
        outputs: [list],
      },
    ),
  );
  app.addDependency(
    new Dependency([[list.id, "click"]], {
      ...quiet,
      showProgress: "hidden",
      fn: function _load_conversation(index: number, all: unknown) {
        const conversation = asConversations(all)[index];
        if (!conversation) throw new GradioError("This conversation is no longer saved.");
        return [index, conversation];
      } as unknown as EventOptions["fn"],
      inputs: [list, saved],
      outputs: [conversationId, chatbot],
    }),
  );
}
