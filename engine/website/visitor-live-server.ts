// The WebSocket server behind Parley's HTTP server (`@hono/node-server` hands it upgrade requests
// that a route accepted with `upgradeWebSocket`): small frames only, and on stop every visitor's
// socket is dropped (their widget reconnects and resumes) so the HTTP server can close.
import { WebSocketServer } from 'ws';

/** Larger client frames are refused (closed with 1009): visitors' frames are a few hundred bytes. */
const MAX_FRAME_BYTES = 16 * 1024;

export function createLiveSocketServer(): WebSocketServer {
  return new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
}

export function dropLiveSockets(wss: WebSocketServer): void {
  for (const socket of wss.clients) socket.terminate();
}
