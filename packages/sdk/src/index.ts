export { withReprise, type RepriseClientOptions, type RepriseCreate, type RepriseRequestOptions, type WithReprise, type WithRepriseOptions } from './with-reprise.js';
export { Reprise, type RepriseOptions, type RepriseWarningLogger } from './reprise.js';
export { repriseIdOf } from './reprise-id.js';
export type { RepriseCallOptions } from './call-log.js';
export type { LogErrorInput, LogRequestInput, Metadata, RequestStatus, RunErrorKind, UsageInput } from './log-input.js';
