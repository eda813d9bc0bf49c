import { createHash } from 'node:crypto';
import {
  Inject,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Response } from 'express';
import { MongoServerError, type Collection } from 'mongodb';
import type { Connection } from 'mongoose';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { APP_CONFIG } from '../config/config.tokens';
import type { BaseConfig } from '../config/config.schema';
import { problem } from './problem';
import type { ContextualRequest } from './request-context';

interface IdempotencyRecord {
  _id: string;
  requestHash: string;
  state: 'in_progress' | 'done';
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  startedAt: Date;
  expiresAt: Date;
}

const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;
const REPLAYED_HEADERS = ['etag', 'location'];
/** A request that has been in progress this long is taken to have died with its process. */
const ABANDONED_AFTER_MS = 30_000;
const DUPLICATE_KEY = 11000;

/**
 * The operation a request reaches, whatever spelling of the path reached it: Express matches
 * `/Customers/1/points/redeem/` and `/customers/1/points/redeem` to the same handler, so the key
 * is bound to the handler and its decoded path parameters, not to the raw path text.
 */
const canonicalRoute = (context: ExecutionContext, request: ContextualRequest): string => {
  const params = Object.entries(request.params ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify([
    request.method,
    context.getClass().name,
    context.getHandler().name,
    params,
  ]);
};

/**
 * `Idempotency-Key` on POST/PATCH/DELETE: the same key with the same body replays the first
 * response; with another body it is a 422. The scoped key also reaches the event store, whose
 * unique index makes the append itself idempotent if a process dies between append and response.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly records: Collection<IdempotencyRecord>;

  constructor(
    @InjectConnection() connection: Connection,
    @Inject(APP_CONFIG) private readonly config: BaseConfig,
  ) {
    this.records = connection.collection<IdempotencyRecord>('idempotency_records');
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<ContextualRequest>();
    const key = request.header('idempotency-key');
    if (key === undefined || !['POST', 'PATCH', 'DELETE', 'PUT'].includes(request.method)) {
      return next.handle();
    }
    if (!KEY_PATTERN.test(key)) {
      throw problem(400, 'validation', 'The request is invalid', {
        errors: [{ field: 'Idempotency-Key', message: 'must be 1-200 printable ASCII characters' }],
      });
    }
    const response = context.switchToHttp().getResponse<Response>();
    return from(this.run(request, response, key, canonicalRoute(context, request), next));
  }

  private async run(
    request: ContextualRequest,
    response: Response,
    key: string,
    route: string,
    next: CallHandler,
  ): Promise<unknown> {
    const scope = createHash('sha256')
      .update(`${request.principal?.userId ?? ''}\n${route}\n${key}`)
      .digest('hex');
    const requestHash = createHash('sha256')
      .update(JSON.stringify(request.body ?? null))
      .digest('hex');
    const replay = await this.claim(scope, requestHash);
    if (replay) {
      for (const [name, value] of Object.entries(replay.headers ?? {}))
        response.setHeader(name, value);
      response.setHeader('Idempotent-Replayed', 'true');
      response.status(replay.status ?? 200);
      return replay.body;
    }
    request.idempotencyScope = scope;
    try {
      const body = await lastValueFrom(next.handle(), { defaultValue: undefined });
      const headers = Object.fromEntries(
        REPLAYED_HEADERS.flatMap((name) => {
          const value = response.getHeader(name);
          return value === undefined ? [] : [[name, String(value)]];
        }),
      );
      await this.records.updateOne(
        { _id: scope },
        { $set: { state: 'done', status: response.statusCode, body, headers } },
      );
      return body;
    } catch (error) {
      // A refused request did nothing: the caller may correct it and retry with the same key.
      await this.records.deleteOne({ _id: scope, state: 'in_progress' });
      throw error;
    }
  }

  /** Claims the key for this request, or returns the finished record to replay. */
  private async claim(scope: string, requestHash: string): Promise<IdempotencyRecord | undefined> {
    // eslint-disable-next-line no-restricted-syntax -- expiresAt is read by the database's TTL index, on real time
    const now = new Date();
    const fresh: IdempotencyRecord = {
      _id: scope,
      requestHash,
      state: 'in_progress',
      startedAt: now,
      expiresAt: new Date(now.getTime() + this.config.IDEMPOTENCY_TTL_HOURS * 3_600_000),
    };
    try {
      await this.records.insertOne(fresh);
      return undefined;
    } catch (error) {
      if (!(error instanceof MongoServerError) || error.code !== DUPLICATE_KEY) throw error;
    }
    const existing = await this.records.findOne({ _id: scope });
    if (!existing) return this.claim(scope, requestHash);
    if (existing.requestHash !== requestHash) {
      throw problem(
        422,
        'idempotency-key-reused',
        'This Idempotency-Key was used with another request',
      );
    }
    if (existing.state === 'done') return existing;
    const abandoned = now.getTime() - existing.startedAt.getTime() > ABANDONED_AFTER_MS;
    if (abandoned) {
      const taken = await this.records.updateOne(
        { _id: scope, state: 'in_progress', startedAt: existing.startedAt },
        { $set: { startedAt: now } },
      );
      if (taken.modifiedCount === 1) return undefined;
    }
    throw problem(
      409,
      'request-in-progress',
      'A request with this Idempotency-Key is still in progress',
    );
  }
}
