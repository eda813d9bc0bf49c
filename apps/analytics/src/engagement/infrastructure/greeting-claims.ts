import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { MongoServerError, type Collection } from 'mongodb';
import type { Connection } from 'mongoose';

interface ClaimDocument {
  /** The greeting id: contact + occasion + year. */
  _id: string;
  /** The job that may deliver it (its retries and a recovered stalled run share the id). */
  holder: string;
  claimedAt: Date;
  sentAt?: Date;
}

export type ClaimResult = 'mine' | 'taken' | 'already-sent';

const DUPLICATE_KEY = 11000;

/**
 * Once-only delivery does not trust the scheduler: before sending, a job claims its occasion by
 * inserting a document keyed by the greeting id. A unique-key insert is the one write FerretDB
 * makes safe under concurrent writers, so of two jobs for one occasion only one ever sends.
 */
@Injectable()
export class GreetingClaims {
  private readonly claims: Collection<ClaimDocument>;

  constructor(@InjectConnection() connection: Connection) {
    this.claims = connection.db!.collection<ClaimDocument>('engagement_greeting_claims');
  }

  async claim(greetingId: string, holder: string, now: Date): Promise<ClaimResult> {
    try {
      await this.claims.insertOne({ _id: greetingId, holder, claimedAt: now });
      return 'mine';
    } catch (error) {
      if (!(error instanceof MongoServerError) || error.code !== DUPLICATE_KEY) throw error;
    }
    const existing = await this.claims.findOne({ _id: greetingId });
    if (existing?.sentAt) return 'already-sent';
    return existing?.holder === holder ? 'mine' : 'taken';
  }

  find(greetingId: string): Promise<{ holder: string; sentAt?: Date } | null> {
    return this.claims.findOne({ _id: greetingId });
  }

  /** Only the holder writes its claim again: one writer per document. */
  async markSent(greetingId: string, holder: string, now: Date): Promise<void> {
    await this.claims.updateOne({ _id: greetingId, holder }, { $set: { sentAt: now } });
  }
}
