// /ask <question>: the answer as quoted excerpts with their citations, privately, with buttons to
// share it in the channel, see more excerpts, and say whether it helped.
import { rateLimitMessage } from '../../common/ratelimit.js';
import { saveAnswer } from '../answers.js';
import { answerMessage, plainMessage, usageMessage } from '../blocks.js';
import { quickCatalogue, rateKey, userCatalogue, yieldToIo, type CommandModule } from '../handler.js';

export const askCommand: CommandModule = {
  command: '/ask',
  async handle(request, services) {
    const { engine, rateLimiter } = services;
    const question = request.text.trim();
    if (!question) return request.ack(usageMessage('/ask', quickCatalogue(services, request), services.commandNames));
    const decision = rateLimiter.take(rateKey(request));
    if (!decision.allowed) return request.ack(plainMessage(rateLimitMessage(decision.retryAfterMs, quickCatalogue(services, request, question))));
    await request.ack();
    await yieldToIo();
    const m = await userCatalogue(services, request, question);
    const answer = await engine.ask(question);
    const feedbackId = await saveAnswer(services, answer, { channel: request.channelId, thread: null, question, query: question, m, offset: 0, private: true });
    await request.respond(answerMessage(answer, { kind: 'private' }, 0, { m, feedbackId, names: services.commandNames }));
  },
};
