export { RequestRepository, decodeCursor } from './request.repository.js';
export { requestModel, requestSchema, type RequestDoc, type RequestModel } from './request.schema.js';
