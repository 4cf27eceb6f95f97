export { startHistory, type HistoryOptions, type HistoryService } from './server.js';
