export { decodeCursor } from './request.cursor.js';
export { RequestRepository, requestModels } from './request.repository.js';
export { addBands, moveBodiesApart, moveTextsApart } from './request.migrate.js';
export {
  requestBodiesModel,
  requestDayModel,
  requestModel,
  requestSchema,
  requestTextsModel,
  type RequestBodiesModel,
  type RequestDayModel,
  type RequestDoc,
  type RequestModel,
  type RequestTextsModel,
} from './request.schema.js';
export type { RequestModels } from './request.repository.js';
export { ReplayRepository, type ReplayPair } from './replay.repository.js';
