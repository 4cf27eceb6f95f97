export { decodeCursor } from './request.cursor.js';
export { RequestRepository, requestModels } from './request.repository.js';
export { addBands, moveBodiesApart } from './request.migrate.js';
export {
  requestBodiesModel,
  requestDayModel,
  requestModel,
  requestSchema,
  type RequestBodiesModel,
  type RequestDayModel,
  type RequestDoc,
  type RequestModel,
} from './request.schema.js';
export type { RequestModels } from './request.repository.js';
export { ReplayRepository, type ReplayPair } from './replay.repository.js';
