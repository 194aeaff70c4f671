// 👍 / 👎 under every answer: records the vote (once per user and answer; a second click changes
// it) and thanks the clicker privately (ephemeral, through the response_url). The button's value
// is the answer's id in the conversation store.
import { hashUser } from '../../../state/conversation-store.js';
import { messages } from '../../common/messages.js';
import { ACTION_VOTE_DOWN, ACTION_VOTE_UP, plainMessage } from '../blocks.js';
import type { ActionModule, ActionRequest, SlackServices } from '../handler.js';

async function vote(request: ActionRequest, services: SlackServices, direction: 'up' | 'down'): Promise<void> {
  const id = request.value ?? '';
  const outcome = await services.store.vote(id, hashUser('slack', request.userId), direction);
  const m = messages((await services.store.answer(id))?.lang ?? 'en');
  services.logger.info({ answer: id, vote: direction, outcome }, 'slack: feedback');
  await request.respond(plainMessage(outcome === null ? m.buttonExpired : outcome === 'changed' ? m.voteChanged : m.thanksNoted));
}

export const voteUpAction: ActionModule = { actionId: ACTION_VOTE_UP, handle: (r, s) => vote(r, s, 'up') };
export const voteDownAction: ActionModule = { actionId: ACTION_VOTE_DOWN, handle: (r, s) => vote(r, s, 'down') };
