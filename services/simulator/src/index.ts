export { simulatedAnswer, type SimulatedAnswer, type SimulatedAnswerOptions } from './answer.js';
export type { ChatMessageLike, ChatRequestLike } from './messages.js';
export { DEFAULT_SIM_OPTIONS, FAIL_STATUSES, type FailStatus, type SimOptions } from './options.js';
export { SIMULATED_MODELS, startSimulator, type RecordedRequest, type Simulator, type StartSimulatorOptions } from './server.js';
export type { SimulatorStats } from './stats.js';
