// The app's single client, created on first use (the carrier connects then).
import { createClient, type SpindleClient } from './client.ts';

let client: SpindleClient | null = null;

export function api(): SpindleClient {
  client ??= createClient();
  return client;
}
