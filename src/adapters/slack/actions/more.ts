// "More excerpts": the next page of the same question (engine.ask with an offset), as a new
// private message with its own buttons. Counts as a question for the rate limit.
import { rateLimitMessage } from '../../common/ratelimit.js';
import { ACTION_MORE, answerMessage, decodeButton, plainMessage } from '../blocks.js';
import { rateKey, yieldToIo, type ActionModule } from '../handler.js';

export const moreAction: ActionModule = {
  actionId: ACTION_MORE,
  async handle(request, { engine, rateLimiter }) {
    const state = decodeButton(request.value);
    if (!state || state.kind !== 'ask') return request.respond(plainMessage('This button no longer works. Ask again, please.'));
    const decision = rateLimiter.take(rateKey(request));
    if (!decision.allowed) return request.respond(plainMessage(rateLimitMessage(decision.retryAfterMs)));
    await yieldToIo();
    const answer = engine.ask(state.q, { offset: state.offset });
    if (answer.answered && answer.excerpts.length === 0)
      return request.respond(plainMessage('There are no more excerpts for this question.'));
    await request.respond(answerMessage(answer, { kind: 'private' }, state.offset));
  },
};
