// Own data's prepared answers: the statements of the views' default states (lib/answer-pages.ts) run in the
// tab on the data own.key names, recorded for the next visit (lib/data/tab-answers.ts answers from them
// until the engine is up). «Справка» of each municipality is left out: one file per municipality.
import type { Engine } from '../db/engine';
import { answerStates } from '../answer-pages';
import { answersFileName } from './answer-files';
import { recordAnswers } from './answers';

/** Rows by page file and statement key; null when `stopped` turned true meanwhile. */
export async function recordOwnAnswers(
  db: Engine,
  stopped: () => boolean,
): Promise<Record<string, Record<string, object[]>> | null> {
  const pages: Record<string, Record<string, object[]>> = {};
  for (const s of await answerStates(db, { defaultsOnly: true })) {
    if (stopped()) return null;
    pages[answersFileName(s.path, s.search)!] = await recordAnswers(db, s.run);
  }
  return stopped() ? null : pages;
}
