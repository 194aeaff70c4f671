// "Share in channel": posts the same reply publicly (chat.postMessage to the channel), then turns
// the private copy's buttons into a note. Where the bot may not post (a private channel it is not
// in, a direct message), the reply goes public through the response_url instead.
import { webApi } from '@slack/bolt';
import { errorRef } from '../../common/text.js';
import { ACTION_SHARE, answerMessage, decodeButton, markShared, plainMessage, sourcesMessage, type SlackMessage } from '../blocks.js';
import { userCatalogue, yieldToIo, type ActionModule, type ActionRequest, type SlackServices } from '../handler.js';
import { messages, type Messages } from '../../common/messages.js';
import { saveAnswer } from '../answers.js';

/** chat.postMessage errors after which the response_url can still post publicly. */
const USE_RESPONSE_URL = new Set(['not_in_channel', 'channel_not_found', 'restricted_action', 'ekm_access_denied']);

export const shareAction: ActionModule = {
  actionId: ACTION_SHARE,
  async handle(request, services) {
    const state = decodeButton(request.value);
    const m = state?.lang ? messages(state.lang) : await userCatalogue(services, request, state?.q);
    if (!state) return request.respond(plainMessage(m.buttonExpired));
    await yieldToIo();
    const { engine } = services;
    let shared: SlackMessage;
    let mine: SlackMessage;
    if (state.kind === 'ask') {
      const answer = await engine.ask(state.q, { offset: state.offset });
      const page = { channel: request.channelId, thread: null, question: state.q, query: state.q, m, offset: state.offset };
      shared = answerMessage(answer, { kind: 'shared', userId: request.userId }, state.offset, {
        m,
        feedbackId: await saveAnswer(services, answer, { ...page, private: false }),
        names: services.commandNames,
      });
      mine = answerMessage(answer, { kind: 'private' }, state.offset, { m, names: services.commandNames });
    } else {
      const sources = await engine.sources(state.q);
      shared = sourcesMessage(sources, { kind: 'shared', userId: request.userId }, m, services.commandNames);
      mine = sourcesMessage(sources, { kind: 'private' }, m, services.commandNames);
    }
    if (!(await post(request, shared, services, m))) return;
    await request.respond(markShared(mine, m.sharedInChannel), { replaceOriginal: true });
  },
};

/** Posts `message` publicly; tells the requester and returns false when Slack refuses. */
async function post(request: ActionRequest, message: SlackMessage, { logger }: SlackServices, m: Messages): Promise<boolean> {
  if (!request.channelId) {
    await request.respond(message, { inChannel: true });
    return true;
  }
  try {
    await request.client.chat.postMessage({
      channel: request.channelId,
      text: message.text,
      blocks: message.blocks,
      unfurl_links: false,
      unfurl_media: false,
    });
    return true;
  } catch (err) {
    // The Web API client's coded errors: WebAPIPlatformError (ok:false), WebAPIRateLimitedError (429).
    const e = err as Error & { code?: string; data?: { error?: string }; retryAfter?: number };
    const slackError = e.code === webApi.ErrorCode.PlatformError ? e.data?.error : undefined;
    if (slackError && USE_RESPONSE_URL.has(slackError)) {
      logger.info({ error: slackError }, 'slack: chat.postMessage refused; sharing through the response_url');
      await request.respond(message, { inChannel: true });
      return true;
    }
    if (e.code === webApi.ErrorCode.RateLimitedError) {
      const seconds = Math.max(1, Math.ceil(e.retryAfter ?? 1));
      logger.warn({ retryAfter: seconds }, 'slack: chat.postMessage rate limited');
      await request.respond(plainMessage(m.platformBusy(seconds)));
      return false;
    }
    const ref = errorRef();
    const code = slackError ?? e.code;
    logger.error({ ref, code, err: e }, 'slack: chat.postMessage failed');
    await request.respond(plainMessage(m.couldNotShare(ref)));
    return false;
  }
}
