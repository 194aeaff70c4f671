// The small router: binds each command module and action module to Bolt, with what every handler
// needs around it: one answer per delivery (retries dropped), acknowledgement before slow work, a
// private "Something went wrong (ref XXXX)" and a log line with the same ref on any failure, and
// a record of work in flight so that stop() can let it finish.
import type { App, RespondArguments, RespondFn } from '@slack/bolt';
import { errorRef } from '../common/text.js';
import { isSlackResponseUrl } from './guard.js';
import { BusyError } from '../../pool/answer-pool.js';
import { noteCommandFailed, observeCommand } from '../common/observe.js';
import { plainMessage, type SlackMessage } from './blocks.js';
import type { ActionModule, CommandModule, ReplyOptions, SlackServices } from './handler.js';
import { quickCatalogue } from './handler.js';
import { routeMentions } from './mentions.js';

export interface Router {
  /** Resolves when every handler started so far has finished. */
  drain(): Promise<void>;
}

function respondArgs(message: SlackMessage, options: ReplyOptions = {}): RespondArguments {
  return {
    response_type: options.inChannel ? 'in_channel' : 'ephemeral',
    replace_original: options.replaceOriginal ?? false,
    text: message.text,
    blocks: message.blocks,
  };
}

/**
 * Binds the modules to Bolt, each command under its name in this workspace (services.commandNames,
 * from SLACK_COMMAND_*: the module's default name → the one the manifest declares).
 */
export function route(app: App, commands: CommandModule[], actions: ActionModule[], services: SlackServices): Router {
  const names: Partial<Record<string, string>> = services.commandNames;
  const { logger, deliveries } = services;
  const inFlight = new Set<Promise<void>>();
  const track = (work: Promise<void>) => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
    return work;
  };

  const sharedFailed = (err: unknown) => logger.warn({ err }, 'slack: could not check the replicas for a repeated delivery; answering');

  const fail = async (err: unknown, where: string, reply: (m: SlackMessage) => Promise<unknown>, userId: string) => {
    if (err instanceof BusyError) {
      logger.warn({ where }, 'slack: answer queue full; asked the user to try again');
      await reply(plainMessage(quickCatalogue(services, { userId, teamId: undefined, channelId: undefined }).busy)).catch((replyErr: unknown) =>
        logger.warn({ err: replyErr, where }, 'slack: could not say busy'),
      );
      return;
    }
    noteCommandFailed();
    const ref = errorRef();
    logger.error({ err, ref, where }, 'slack: handler failed');
    try {
      await reply(plainMessage(quickCatalogue(services, { userId, teamId: undefined, channelId: undefined }).somethingWrong(ref)));
    } catch (replyErr) {
      logger.error({ err: replyErr, ref, where }, 'slack: could not report the failure to the user');
    }
  };

  const send = (respond: RespondFn | undefined) => async (message: SlackMessage, options?: ReplyOptions) => {
    if (!respond) throw new Error('no response_url in this request');
    await respond(respondArgs(message, options));
  };

  const responseUrlOk = (url: string | undefined, where: string): boolean => {
    if (!url || isSlackResponseUrl(url, services.responseUrlHosts)) return true;
    let host = '(not a URL)';
    try {
      host = new URL(url).host;
    } catch {
      // keep the placeholder
    }
    logger.warn({ where, host }, "slack: a response_url not on Slack's hosts (SLACK_RESPONSE_URL_HOSTS); not followed");
    return false;
  };

  for (const module of commands) {
    const name = names[module.command] ?? module.command;
    app.command(name, async ({ command, ack, respond, context, client }) => {
      if (!responseUrlOk(command.response_url, name)) {
        await ack({ response_type: 'ephemeral', text: 'This request did not come from Slack: not answered.' });
        return;
      }
      // A retry repeats the trigger_id: acknowledge it again, answer it never.
      if (command.trigger_id && !(await deliveries.firstAnywhere(`trigger:${command.trigger_id}`, sharedFailed))) {
        logger.info({ command: module.command, retryNum: context.retryNum }, 'slack: repeated delivery ignored');
        await ack();
        return;
      }
      let acked = false;
      const reply = send(respond);
      const observe = { platform: 'slack', command: name, logger, context: { user: command.user_id, team: command.team_id } };
      const work = observeCommand(observe, async () => {
        try {
          await module.handle(
            {
              text: command.text ?? '',
              userId: command.user_id,
              teamId: command.team_id,
              channelId: command.channel_id,
              ack: async (message) => {
                acked = true;
                await ack(message ? { response_type: 'ephemeral', text: message.text, blocks: message.blocks } : undefined);
              },
              respond: reply,
              client,
            },
            services,
          );
        } catch (err) {
          await fail(
            err,
            module.command,
            async (m) => {
              if (acked) return reply(m);
              acked = true;
              return ack({ response_type: 'ephemeral', text: m.text, blocks: m.blocks });
            },
            command.user_id,
          );
        }
        if (!acked) await ack();
      });
      await track(work);
    });
  }

  for (const module of actions) {
    app.action({ action_id: module.actionId, type: 'block_actions' }, async ({ ack, body, action, respond, client, context }) => {
      await ack();
      if (body.type !== 'block_actions' || action.type !== 'button') return;
      if (!responseUrlOk(body.response_url, module.actionId)) return;
      if (body.trigger_id && !(await deliveries.firstAnywhere(`trigger:${body.trigger_id}`, sharedFailed))) {
        logger.info({ action: module.actionId, retryNum: context.retryNum }, 'slack: repeated delivery ignored');
        return;
      }
      const reply = send(respond);
      const observe = { platform: 'slack', command: `button:${module.actionId}`, logger, context: { user: body.user.id } };
      const work = observeCommand(observe, async () => {
        try {
          await module.handle(
            {
              value: action.value,
              userId: body.user.id,
              teamId: body.team?.id ?? body.user.team_id,
              channelId: body.channel?.id,
              respond: reply,
              client,
            },
            services,
          );
        } catch (err) {
          await fail(err, module.actionId, reply, body.user.id);
        }
      });
      await track(work);
    });
  }

  routeMentions(app, services, track);

  app.error(async (err) => {
    logger.error({ err }, 'slack: unhandled error');
  });

  return {
    async drain() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
