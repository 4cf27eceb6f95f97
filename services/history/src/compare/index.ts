export { answerOf, answerOfMessage, answerTextOf, callsText, firstMessageOf, type Answer, type AnswerCall } from './answer.js';
export {
  compare,
  compareFlags,
  compareToSummary,
  originalSummaryOf,
  outcomeOf,
  textDiff,
  type ComparedRecord,
  type ComparisonFlags,
  type ReplayOutcome,
} from './compare.js';
export { jsonFormatOf } from './structured-output.js';
