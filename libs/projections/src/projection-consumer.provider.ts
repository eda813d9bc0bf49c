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

/**
 * Registers a projection whose live events come from a consumer of the service's own (not a group
 * of the projection's): that consumer calls `ProjectionRunner.applyLive` at the point of its
 * handling where the read model must change, so what it reads before and after is ordered with
 * the change. It is rebuilt and swapped like any other.
 */
export function fedProjectionProvider<TDocument extends Document>(
  type: Type<Projection<TDocument>>,
): Provider {
  return {
    provide: `projection-fed:${type.name}`,
    useFactory: (runner: ProjectionRunner, typed: Projection<TDocument>) => {
      runner.register(typed as unknown as Projection);
      return typed.name;
    },
    inject: [ProjectionRunner, type],
  };
}
