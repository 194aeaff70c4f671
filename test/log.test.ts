// Logs: readable on a terminal, one JSON object a line elsewhere; the level comes from the
// validated configuration (an empty LOG_LEVEL is the default), and secrets never show.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/log.js';

function sink() {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

describe('createLogger', () => {
  it('writes JSON lines when not pretty, readable lines when pretty', () => {
    const json = sink();
    createLogger({ pretty: false, destination: json.stream }).info({ platform: 'slack', ms: 12 }, 'command handled');
    expect(JSON.parse(json.text())).toMatchObject({ level: 30, platform: 'slack', ms: 12, msg: 'command handled' });

    const pretty = sink();
    createLogger({ pretty: true, destination: pretty.stream }).info({ platform: 'slack', ms: 12 }, 'command handled');
    const line = pretty.text().replace(/\x1b\[[0-9;]*m/g, '');
    expect(line).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: command handled\n/);
    expect(line).toMatch(/platform: "slack"/);
    expect(() => JSON.parse(line)).toThrow();
  });

  it('an empty LOG_LEVEL is the default level (info), not a crash', () => {
    const config = loadConfig({ LOG_LEVEL: '' });
    const out = sink();
    const logger = createLogger({ level: config.LOG_LEVEL, pretty: false, destination: out.stream });
    logger.debug('hidden');
    logger.info('shown');
    expect(out.text()).not.toContain('hidden');
    expect(out.text()).toContain('shown');
  });

  it('scrubs configured secrets from messages and redacts secret keys, pretty or not', () => {
    for (const pretty of [false, true]) {
      const out = sink();
      const logger = createLogger({ pretty, destination: out.stream, secrets: ['xoxb-very-secret-token'] });
      logger.error({ token: 'xapp-other', err: new Error('auth failed for xoxb-very-secret-token') }, 'login with xoxb-very-secret-token');
      expect(out.text()).not.toMatch(/very-secret|xapp-other/);
      expect(out.text()).toContain('[redacted]');
    }
  });
});
