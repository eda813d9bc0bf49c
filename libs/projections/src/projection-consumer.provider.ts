import type { Provider, Type } from '@nestjs/common';
import type { Document } from 'mongodb';
import { EventConsumers } from '@crm/platform';
import type { Projection } from './projection';
import { ProjectionRunner } from './projection-runner';

/**
 * Registers a projection with the runner and consumes its topics with one consumer group
 * (`<prefix>.<service>.<name>`); every event goes through the runner, which holds the single-writer lock.
 */
export function projectionProvider<TDocument extends Document>(
  type: Type<Projection<TDocument>>,
): Provider {
  return {
    provide: `projection-consumer:${type.name}`,
    useFactory: (
      consumers: EventConsumers,
      runner: ProjectionRunner,
      typed: Projection<TDocument>,
    ) => {
      // The runner hands each projection the collection of its own documents.
      const projection = typed as unknown as Projection;
      runner.register(projection);
      return consumers.create({
        name: projection.name,
        topics: projection.topics,
        ...(projection.accepts ? { accepts: projection.accepts } : {}),
        handle: (event) => runner.applyLive(projection.name, event),
      });
    },
    inject: [EventConsumers, ProjectionRunner, type],
  };
}
