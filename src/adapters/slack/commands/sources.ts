// /sources <topic>: the articles about a topic, each with its best excerpt, privately, with a
// button to share the list in the channel.
import { rateLimitMessage } from '../../common/ratelimit.js';
import { plainMessage, sourcesMessage, usageMessage } from '../blocks.js';
import { quickCatalogue, rateKey, userCatalogue, yieldToIo, type CommandModule } from '../handler.js';

export const sourcesCommand: CommandModule = {
  command: '/sources',
  async handle(request, services) {
    const { engine, rateLimiter } = services;
    const topic = request.text.trim();
    if (!topic) return request.ack(usageMessage('/sources', quickCatalogue(services, request), services.commandNames));
    const decision = rateLimiter.take(rateKey(request));
    if (!decision.allowed) return request.ack(plainMessage(rateLimitMessage(decision.retryAfterMs, quickCatalogue(services, request, topic))));
    await request.ack();
    await yieldToIo();
    const m = await userCatalogue(services, request, topic);
    await request.respond(sourcesMessage(await engine.sources(topic), { kind: 'private' }, m, services.commandNames));
  },
};
