import type { Collection, CreateIndexesOptions, Document, IndexDirection } from 'mongodb';
import { Schema } from 'mongoose';

/**
 * The mongoose schema of a read model that lives in `collection`. Its projection and queries write
 * and read the documents through the driver, so the schema lists no fields (the document's
 * interface is their shape, `_id` a string id): it names the collection and carries its indexes,
 * which mongoose creates at boot and `createSchemaIndexes` on a rebuilt collection.
 */
export const readModelSchema = <TDocument>(collection: string): Schema<TDocument> =>
  new Schema<TDocument>({ _id: String }, { collection, versionKey: false, strict: false });

/**
 * One index `{ <field>: 1, _id: 1 }` for each field a list filters on: the filtered documents in
 * id order, the order its cursor pages through.
 */
export function indexListFilters<TDocument>(
  schema: Schema<TDocument>,
  fields: readonly (keyof TDocument & string)[],
): void {
  for (const field of fields) schema.index({ [field]: 1, _id: 1 });
}

/** Creates the schema's indexes on `target` (a projection's `ensureIndexes`). */
export async function createSchemaIndexes<TDocument extends Document>(
  target: Collection<TDocument>,
  schema: Schema<TDocument>,
): Promise<void> {
  for (const [keys, options] of schema.indexes()) {
    await target.createIndex(
      keys as Record<string, IndexDirection>,
      options as CreateIndexesOptions,
    );
  }
}
