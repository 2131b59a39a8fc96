import type { TranslationTree } from '../core/types';

/** The string at a dotted `path` in a translation tree, if there is one. */
export const lookup = (tree: TranslationTree | undefined, path: string): string | undefined => {
  let node: string | TranslationTree | undefined = tree;
  for (const key of path.split('.')) node = typeof node === 'object' ? node[key] : undefined;
  return typeof node === 'string' ? node : undefined;
};
