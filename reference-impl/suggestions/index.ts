export { BoundedTopK } from './bounded-top-k.js';
export {
  compareCandidates,
  DUE_RATIO,
  FREQUENCY_INTERVAL_DAYS,
  overdueRatio,
  type SuggestionCandidate,
} from './contact-priority.js';
export {
  generateSuggestionsNaive,
  type NaiveSuggestionOptions,
  type NaiveSuggestionResult,
} from './generate-suggestions-naive.js';
export { generateSuggestionsStreaming, type StreamingSuggestionOptions } from './generate-suggestions-streaming.js';
export { toSuggestions, type Suggestion, type SuggestionGenerationResult } from './suggestion.js';
export { DEFAULT_FREE_SLOT_COUNT, freeTimeSlots, type TimeSlot } from './free-time-slots.js';
