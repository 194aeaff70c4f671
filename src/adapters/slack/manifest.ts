// The Slack app manifest for this configuration: slack/manifest.yml with the slash commands renamed
// as SLACK_COMMAND_* say (the router binds the same names), and, for HTTP mode, the request URL.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import type { Config } from '../../config.js';
import { packageRoot } from '../../runtime.js';
import type { SlackCommandNames } from './blocks.js';

/** The default name of each command (as in slack/manifest.yml) → the name in this workspace. */
export function slackCommandNames(config: Pick<Config, 'SLACK_COMMAND_ASK' | 'SLACK_COMMAND_SOURCES' | 'SLACK_COMMAND_DIGEST'>): SlackCommandNames {
  return { '/ask': config.SLACK_COMMAND_ASK, '/sources': config.SLACK_COMMAND_SOURCES, '/digest': config.SLACK_COMMAND_DIGEST };
}

export const MANIFEST_FILE = path.join(packageRoot, 'slack', 'manifest.yml');

/** The manifest as YAML; `requestUrl` (HTTP mode) turns Socket Mode off and points commands, buttons and events at it. */
export function slackManifest(config: Parameters<typeof slackCommandNames>[0], requestUrl?: string): string {
  const names: Partial<Record<string, string>> = slackCommandNames(config);
  const doc = parseDocument(readFileSync(MANIFEST_FILE, 'utf8'));
  const commands = doc.getIn(['features', 'slash_commands']) as { items: { get(k: string): unknown; set(k: string, v: unknown): void }[] };
  for (const item of commands.items) {
    const name = String(item.get('command'));
    item.set('command', names[name] ?? name);
    if (requestUrl) item.set('url', requestUrl);
  }
  if (requestUrl) {
    doc.setIn(['settings', 'socket_mode_enabled'], false);
    doc.setIn(['settings', 'interactivity', 'request_url'], requestUrl);
    if (doc.hasIn(['settings', 'event_subscriptions'])) doc.setIn(['settings', 'event_subscriptions', 'request_url'], requestUrl);
  }
  return doc.toString({ lineWidth: 0 });
}
