/**
 * A converted tour is listed once (pure): a walkthrough written by "Convert CodeTour Tour" names
 * its tour in `convertedFrom`; teams keep the `.tour` for colleagues still on CodeTour, and that
 * tour's steps are then left out of CodeLens and hovers (the client leaves it out of the tree,
 * quick picks and practice counts) unless `walkthroughs.codeTour.showConvertedTours` is on.
 */
import type { LoadedWalkthrough } from '../engine';
import { dirname, resolvePath } from '../../../../common/src/paths';
import { isCodeTourFile } from './parseTour';

/** The files of the CodeTour tours that a loaded YAML walkthrough was converted from. */
export function convertedTourFiles(walkthroughs: readonly LoadedWalkthrough[]): Set<string> {
  const files = new Set<string>();
  for (const w of walkthroughs) {
    const from = w.spec.convertedFrom?.trim();
    if (!from || w.spec.format === 'codetour') continue;
    const file = resolvePath(dirname(w.file), from);
    if (isCodeTourFile(file)) files.add(file);
  }
  return files;
}
