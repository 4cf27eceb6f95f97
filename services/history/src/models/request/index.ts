export { decodeCursor } from './request.cursor.js';
export { RequestRepository } from './request.repository.js';
export { requestModel, requestSchema, type RequestDoc, type RequestModel } from './request.schema.js';
export { ReplayRepository, type ReplayPair } from './replay.repository.js';
