import { Topics } from '@crm/contracts';
import { eventConsumerProvider } from '@crm/platform';
import { FollowUpListProjection } from '@apps/analytics/src/engagement/infrastructure/follow-up-list.projection';

/** The single writer of the follow-up list: the engagement topic, keyed by customer. */
export const followUpListConsumer = eventConsumerProvider({
  name: 'engagement-follow-up-list',
  topics: [Topics.engagement],
  handler: FollowUpListProjection,
  handle: (projection, event) => projection.apply(event),
});
