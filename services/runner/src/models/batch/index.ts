export {
  BatchRepository,
  openBatchDatabase,
  type BatchCursor,
  type BatchDatabase,
  type BatchSync,
  type NewBatchDoc,
} from './batch.repository.js';
export { batchModel, batchSchema, type BatchCountsDoc, type BatchDoc, type BatchMongoModel } from './batch.schema.js';
