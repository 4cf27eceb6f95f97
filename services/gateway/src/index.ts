export { startGateway, type Gateway, type GatewayOptions } from './server.js';
export { chatBodyShape, fromBody, toBody } from './resolvers/chat-body.fields.js';
