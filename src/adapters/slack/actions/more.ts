// "More excerpts": the next page of the same question (engine.ask with an offset), as a new
// private message with its own buttons; for an answer in a thread (a mention, a DM), posted in
// that thread. Counts as a question for the rate limit. Its state is in the button's value.
import { rateLimitMessage } from '../../common/ratelimit.js';
import { messages } from '../../common/messages.js';
import { saveAnswer } from '../answers.js';
import { ACTION_MORE, answerMessage, decodeButton, plainMessage } from '../blocks.js';
import { rateKey, userCatalogue, yieldToIo, type ActionModule } from '../handler.js';

export const moreAction: ActionModule = {
  actionId: ACTION_MORE,
  async handle(request, services) {
    const { engine, rateLimiter } = services;
    const state = decodeButton(request.value);
    const m = state?.lang ? messages(state.lang) : await userCatalogue(services, request, state?.q);
    if (!state || state.kind !== 'ask') return request.respond(plainMessage(m.buttonExpired));
    const decision = rateLimiter.take(rateKey(request));
    if (!decision.allowed) return request.respond(plainMessage(rateLimitMessage(decision.retryAfterMs, m)));
    await yieldToIo();
    const answer = await engine.ask(state.q, { offset: state.offset });
    if (answer.answered && answer.excerpts.length === 0) return request.respond(plainMessage(m.noMoreExcerpts));
    const inThread = state.thread && request.channelId ? state.thread : null;
    const feedbackId = await saveAnswer(services, answer, {
      channel: request.channelId,
      thread: inThread,
      question: state.q,
      query: state.q,
      m,
      offset: state.offset,
      private: !inThread,
    });
    if (inThread) {
      const message = answerMessage(answer, { kind: 'thread', thread: inThread }, state.offset, { m, feedbackId, names: services.commandNames });
      await request.client.chat.postMessage({
        channel: request.channelId!,
        thread_ts: inThread,
        text: message.text,
        blocks: message.blocks,
        unfurl_links: false,
        unfurl_media: false,
      });
      return;
    }
    await request.respond(answerMessage(answer, { kind: 'private' }, state.offset, { m, feedbackId, names: services.commandNames }));
  },
};
