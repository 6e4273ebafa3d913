import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

/** zxcvbn's 0..4: 3 is "safely unguessable" (about 10^8 guesses and more). */
const MIN_SCORE = 3;
const estimator = new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });

/**
 * Why a password is too easy to guess, or null when it is strong enough.
 * Length alone is no measure: "password123" is 11 characters. The estimator
 * knows common passwords, names, keyboard walks, dates and repeats, and also
 * the person's own e-mail and name given as `related`.
 */
export function passwordWeakness(password: string, related: string[] = []): string | null {
  const result = estimator.check(password, related.filter(Boolean));
  if (result.score >= MIN_SCORE) return null;
  const why = result.feedback.warning ? ` (${result.feedback.warning.replace(/([A-Z])/g, ' $1').toLowerCase()})` : '';
  return `is too easy to guess${why}: strength ${result.score} of 4, at least ${MIN_SCORE} needed; use a longer phrase of unrelated words`;
}
