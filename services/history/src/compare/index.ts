export { answerOf, answerOfMessage, answerTextOf, callsText, firstMessageOf, type Answer, type AnswerCall } from './answer.js';
export { compare, compareToSummary, originalSummaryOf, outcomeOf, textDiff, type ComparedRecord, type ReplayOutcome } from './compare.js';
export { jsonFormatOf } from './structured-output.js';
