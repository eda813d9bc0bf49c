import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import { MongoServerError } from 'mongodb';
import type { PayloadCodec } from './payload-codec';
import type { StoredEvent } from './stored-event';

const DUPLICATE_KEY = 11000;
const ALGORITHM = 'aes-256-gcm';
/** Key reads sent at once when a batch spans many subjects (a replay, a rebuild). */
const KEY_READS_IN_FLIGHT = 16;
/** The field of a stored payload that holds its sealed (encrypted) personal values. */
export const SEALED_FIELD = '_sealed';

/**
 * One personal field of an event payload: where it is, and what it reads as once its subject's
 * key is gone. `erased` undefined removes the field (optional fields); a value replaces it
 * (required fields: the payload must still match its public schema).
 */
export interface PersonalField {
  readonly path: readonly string[];
  readonly erased?: unknown;
}

/** Event name → its personal fields. Events not listed are stored as they are. */
export type PersonalFieldsByEvent = Readonly<Record<string, readonly PersonalField[]>>;

/** What the store keeps instead of the personal values: ciphertext and the paths it covers. */
export interface SealedValues {
  readonly alg: 'A256GCM';
  /** Dotted paths of the sealed fields (names only, never values): what to redact after erasure. */
  readonly paths: readonly string[];
  readonly iv: string;
  readonly tag: string;
  readonly ct: string;
}

/** The field of a published payload that holds its sealed personal values (ADR 90). */
export const WIRE_SEALED_FIELD = 'sealed';

/** Sealed values as published: with the id of the key that opens them. */
export interface WireSealedValues extends SealedValues {
  /** `<context>/<subject>`: the key to ask the context's key API for. */
  readonly kid: string;
}

/**
 * Opens the sealed values of a published payload with their key: the values replace the
 * placeholders at their paths. Without the key (erased, or not allowed), or with a key that does
 * not open them, the placeholders stay. Either way `sealed` is gone from the result.
 */
export function openSealed(
  eventId: string,
  data: Record<string, unknown>,
  key: Buffer | null,
): Record<string, unknown> {
  const { [WIRE_SEALED_FIELD]: sealed, ...rest } = data;
  if (!isObject(sealed)) return data;
  const opened = clone(rest);
  const values = key ? decrypt(eventId, sealed as unknown as SealedValues, key) : undefined;
  if (!values) return opened;
  for (const path of (sealed as unknown as SealedValues).paths) {
    const segments = path.split('.');
    const parent = parentOf(opened, segments);
    if (parent && path in values) parent[segments.at(-1)!] = values[path];
  }
  return opened;
}

interface DataKeyDocument {
  _id: string;
  /** Base64 AES-256 key; absent once the subject has been erased. */
  key?: string;
  createdAt: Date;
  erasedAt?: Date;
}

export interface CryptoShreddingOptions {
  /** The context whose keys these are: published sealed values name their key `<context>/<subject>`. */
  readonly context: string;
  /** The collection of data keys, one document per subject. */
  readonly collection: string;
  readonly fields: PersonalFieldsByEvent;
  /** Whose key seals an event: by default its customer (metadata, else payload), else its stream. */
  readonly subjectOf?: (event: StoredEvent) => string;
  readonly now?: () => Date;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const clone = (data: Json): Json => structuredClone(data);

/** The customer an event is about: erasing that customer shreds the key that sealed it. */
const customerOf = (event: StoredEvent): string => {
  const inPayload = event.data['customerId'];
  return event.customerId ?? (typeof inPayload === 'string' ? inPayload : event.stream);
};

function getAt(data: Json, path: readonly string[]): unknown {
  let current: unknown = data;
  for (const segment of path) {
    if (!isObject(current)) return undefined;
    current = current[segment];
  }
  return current;
}

function parentOf(data: Json, path: readonly string[]): Json | undefined {
  let current: unknown = data;
  for (const segment of path.slice(0, -1)) {
    if (!isObject(current)) return undefined;
    current = current[segment];
  }
  return isObject(current) ? current : undefined;
}

/**
 * Crypto-shredding: personal fields are encrypted with a per-subject data key (AES-256-GCM, the
 * event id as additional data) when appended; `shred(subject)` deletes the key, after which every
 * stored copy is unreadable and decodes to its redacted form. Events appended after the shred are
 * stored redacted. The keys live in their own collection of the service's database.
 */
export class CryptoShreddingCodec implements PayloadCodec {
  private readonly keys: Collection<DataKeyDocument>;
  private readonly now: () => Date;
  private readonly subjectOf: (event: StoredEvent) => string;

  constructor(
    db: Db,
    private readonly options: CryptoShreddingOptions,
  ) {
    this.keys = db.collection<DataKeyDocument>(options.collection);
    // eslint-disable-next-line no-restricted-syntax -- standalone default; services pass their CLOCK
    this.now = options.now ?? (() => new Date());
    this.subjectOf = options.subjectOf ?? customerOf;
  }

  async encode(events: readonly StoredEvent[]): Promise<StoredEvent[]> {
    const keys = new Map<string, Buffer | null>();
    const result: StoredEvent[] = [];
    for (const event of events) {
      const present = presentFields(event, this.options.fields);
      if (present.length === 0) {
        result.push(event);
        continue;
      }
      const subject = this.subjectOf(event);
      if (!keys.has(subject)) keys.set(subject, await this.keyFor(subject, true));
      const key = keys.get(subject)!;
      result.push({
        ...event,
        data: key ? seal(event, present, key) : redact(event.data, present),
      });
    }
    return result;
  }

  async decode(events: readonly StoredEvent[]): Promise<StoredEvent[]> {
    const subjects = [
      ...new Set(events.filter((e) => isObject(e.data[SEALED_FIELD])).map(this.subjectOf)),
    ];
    if (subjects.length === 0) return [...events];
    const keys = await this.keysOf(subjects);
    return events.map((event) => {
      const sealed = event.data[SEALED_FIELD];
      if (!isObject(sealed)) return event;
      const key = keys.get(this.subjectOf(event)) ?? null;
      const fields = this.options.fields[event.type] ?? [];
      return { ...event, data: unseal(event, sealed as unknown as SealedValues, key, fields) };
    });
  }

  /**
   * The events as they are published (ADR 90): personal values stay sealed, under
   * `data.sealed` with the id of their key (`<context>/<subject>`); the required personal fields
   * carry their placeholder so the payload still matches its schema.
   */
  async wire(events: readonly StoredEvent[]): Promise<StoredEvent[]> {
    return events.map((event) => {
      const sealed = event.data[SEALED_FIELD];
      if (!isObject(sealed)) return event;
      const values = sealed as unknown as SealedValues;
      const fields = this.options.fields[event.type] ?? [];
      const placeholders = unseal(event, values, null, fields);
      const wire: WireSealedValues = {
        kid: `${this.options.context}/${this.subjectOf(event)}`,
        ...values,
      };
      return { ...event, data: { ...placeholders, [WIRE_SEALED_FIELD]: wire } };
    });
  }

  /** The personal fields of an event type (for an access export). */
  personalFieldsOf(type: string): readonly PersonalField[] {
    return this.options.fields[type] ?? [];
  }

  /** The subject's data key; null when it was shredded or never made. Read by `_id` only. */
  async keyOf(subject: string): Promise<Buffer | null> {
    return (await this.keysOf([subject])).get(subject) ?? null;
  }

  /** Whether a key was ever made for the subject, and whether it has been shredded since. */
  async keyState(subject: string): Promise<'active' | 'shredded' | 'none'> {
    const document = await this.keys.findOne({ _id: subject });
    if (!document) return 'none';
    return document.key ? 'active' : 'shredded';
  }

  /** Deletes the subject's data key (idempotent): its sealed values can never be read again. */
  async shred(subject: string): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        await this.keys.updateOne(
          { _id: subject },
          {
            $unset: { key: '' },
            $set: { erasedAt: this.now() },
            $setOnInsert: { createdAt: this.now() },
          },
          { upsert: true },
        );
        return;
      } catch (error) {
        // A concurrent first append inserted the key meanwhile: shred that one.
        if (!(error instanceof MongoServerError) || error.code !== DUPLICATE_KEY || attempt > 2)
          throw error;
      }
    }
  }

  /** Whether the subject's key has been shredded. */
  async isShredded(subject: string): Promise<boolean> {
    const document = await this.keys.findOne({ _id: subject });
    return document?.erasedAt !== undefined && document.erasedAt !== null;
  }

  /**
   * The keys of these subjects, each read by `_id` equality: FerretDB (ADR 6) pushes only that
   * down to an index; an `$in` filter makes it read every key of the collection.
   */
  private async keysOf(subjects: readonly string[]): Promise<Map<string, Buffer | null>> {
    const keys = new Map<string, Buffer | null>();
    for (let start = 0; start < subjects.length; start += KEY_READS_IN_FLIGHT) {
      const batch = subjects.slice(start, start + KEY_READS_IN_FLIGHT);
      const documents = await Promise.all(batch.map((_id) => this.keys.findOne({ _id })));
      batch.forEach((subject, index) => {
        const key = documents[index]?.key;
        keys.set(subject, key ? Buffer.from(key, 'base64') : null);
      });
    }
    return keys;
  }

  private async keyFor(subject: string, create: boolean): Promise<Buffer | null> {
    const existing = await this.keys.findOne({ _id: subject });
    if (existing) return existing.key ? Buffer.from(existing.key, 'base64') : null;
    if (!create) return null;
    const fresh = randomBytes(32);
    try {
      await this.keys.insertOne({
        _id: subject,
        key: fresh.toString('base64'),
        createdAt: this.now(),
      });
      return fresh;
    } catch (error) {
      // Two first appends raced: the unique _id keeps one key; use it.
      if (!(error instanceof MongoServerError) || error.code !== DUPLICATE_KEY) throw error;
      return this.keyFor(subject, false);
    }
  }
}

/** The personal fields of the event's type that hold a value in this event. */
function presentFields(event: StoredEvent, fields: PersonalFieldsByEvent): PersonalField[] {
  return (fields[event.type] ?? []).filter((field) => {
    const value = getAt(event.data, field.path);
    return value !== undefined && value !== null;
  });
}

/**
 * The event as the codec stores it when `key` is its subject's data key: for writers that hold
 * the keys themselves (a restore, the bench's seeding) and write commit documents in bulk.
 */
export function sealWithKey(
  event: StoredEvent,
  fields: PersonalFieldsByEvent,
  key: Buffer,
): StoredEvent {
  const present = presentFields(event, fields);
  return present.length === 0 ? event : { ...event, data: seal(event, present, key) };
}

function seal(event: StoredEvent, fields: readonly PersonalField[], key: Buffer): Json {
  const data = clone(event.data);
  const values: Record<string, unknown> = {};
  for (const field of fields) {
    const path = field.path.join('.');
    values[path] = getAt(data, field.path);
    delete parentOf(data, field.path)![field.path.at(-1)!];
  }
  const iv = randomBytes(12);
  const cipher = createCipheriv(ALGORITHM, key, iv);
  cipher.setAAD(Buffer.from(event.id, 'utf8'));
  const ct = Buffer.concat([cipher.update(JSON.stringify(values), 'utf8'), cipher.final()]);
  const sealed: SealedValues = {
    alg: 'A256GCM',
    paths: Object.keys(values),
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    ct: ct.toString('base64'),
  };
  return { ...data, [SEALED_FIELD]: sealed };
}

function unseal(
  event: StoredEvent,
  sealed: SealedValues,
  key: Buffer | null,
  fields: readonly PersonalField[],
): Json {
  const { [SEALED_FIELD]: _, ...rest } = event.data;
  const data = clone(rest);
  const values = key ? decrypt(event.id, sealed, key) : undefined;
  for (const path of sealed.paths) {
    const segments = path.split('.');
    const parent = parentOf(data, segments);
    if (!parent) continue;
    const name = segments.at(-1)!;
    if (values) {
      parent[name] = values[path];
    } else {
      const erased = fields.find((field) => field.path.join('.') === path)?.erased;
      if (erased === undefined) delete parent[name];
      else parent[name] = structuredClone(erased);
    }
  }
  return data;
}

function decrypt(eventId: string, sealed: SealedValues, key: Buffer): Json | undefined {
  try {
    const decipher = createDecipheriv(ALGORITHM, key, Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(Buffer.from(eventId, 'utf8'));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    const clear = Buffer.concat([
      decipher.update(Buffer.from(sealed.ct, 'base64')),
      decipher.final(),
    ]).toString('utf8');
    return JSON.parse(clear) as Json;
  } catch {
    return undefined;
  }
}

function redact(data: Json, fields: readonly PersonalField[]): Json {
  const copy = clone(data);
  for (const field of fields) {
    const parent = parentOf(copy, field.path);
    if (!parent) continue;
    const name = field.path.at(-1)!;
    if (field.erased === undefined) delete parent[name];
    else parent[name] = structuredClone(field.erased);
  }
  return copy;
}
