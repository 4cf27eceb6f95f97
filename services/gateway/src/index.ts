export { startGateway, type Gateway, type GatewayOptions } from './server.js';
