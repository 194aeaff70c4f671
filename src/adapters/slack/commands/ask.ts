// /ask <question>: the answer as quoted excerpts with their citations, privately, with buttons to
// share it in the channel or to see more excerpts.
import { rateLimitMessage } from '../../common/ratelimit.js';
import { answerMessage, plainMessage, usageMessage } from '../blocks.js';
import { rateKey, yieldToIo, type CommandModule } from '../handler.js';

export const askCommand: CommandModule = {
  command: '/ask',
  async handle(request, { engine, rateLimiter }) {
    const question = request.text.trim();
    if (!question) return request.ack(usageMessage('/ask'));
    const decision = rateLimiter.take(rateKey(request));
    if (!decision.allowed) return request.ack(plainMessage(rateLimitMessage(decision.retryAfterMs)));
    await request.ack();
    await yieldToIo();
    const answer = engine.ask(question);
    await request.respond(answerMessage(answer, { kind: 'private' }));
  },
};
