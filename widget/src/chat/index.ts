// The web chat module, loaded by the snippet the first time a visitor opens the chat.
import { createChat } from './chat-panel';

window.__parleyChat = createChat;
