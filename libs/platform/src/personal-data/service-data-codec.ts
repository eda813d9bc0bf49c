import { Inject, Injectable, type Type } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { CryptoShreddingCodec, type CryptoShreddingOptions } from '@crm/event-store';
import { CLOCK, type Clock } from '../time/clock';

/**
 * A service's crypto-shredding codec (ADR 110) on its own database, as the base of the provider
 * class the service injects: `export class VisitDataCodec extends serviceDataCodec({...}) {}`.
 * The connection and the clock are declared with @Inject…, so a subclass needs no constructor.
 */
export function serviceDataCodec(options: CryptoShreddingOptions): Type<CryptoShreddingCodec> {
  @Injectable()
  class ServiceDataCodec extends CryptoShreddingCodec {
    constructor(@InjectConnection() connection: Connection, @Inject(CLOCK) clock: Clock) {
      super(connection.db!, { ...options, now: () => clock.now() });
    }
  }
  return ServiceDataCodec;
}
